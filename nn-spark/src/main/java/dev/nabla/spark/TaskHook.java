package dev.nabla.spark;

import java.io.Serializable;

/**
 * Called at the start of every training task on the executor, before any work: a test-only hook for
 * injecting faults (throw on the first attempt of one partition and see Spark retry the task) or for
 * watching tasks. It travels to the executors inside each task, so it must be serializable and should
 * hold no state: decide from the arguments (e.g. {@code attempt == 0 && partition == 1 && step == 3}).
 */
@FunctionalInterface
public interface TaskHook extends Serializable {
    /** Does nothing. */
    TaskHook NONE = (partition, attempt, step) -> { };

    /**
     * @param partition the partition the task computes
     * @param attempt   Spark's attempt number of the task (0 for the first attempt)
     * @param step      the training step (synchronous) or round (parameter averaging), from 0
     */
    void beforeTask(int partition, int attempt, long step);
}
