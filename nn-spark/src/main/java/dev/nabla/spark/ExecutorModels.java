package dev.nabla.spark;

import dev.nabla.loss.Loss;
import dev.nabla.nn.Model;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The models an executor JVM has rebuilt, pooled by {@link ModelBlueprint#id()}: a task borrows
 * one, uses it alone, and gives it back, so each concurrently running task (each executor core)
 * has its own model and later tasks reuse it instead of rebuilding. A model is not thread-safe;
 * borrowing is what makes concurrent tasks safe. Pools of the four most recently used blueprints
 * are kept.
 */
final class ExecutorModels {
    private static final int KEEP = 4;
    private static final Map<String, ConcurrentLinkedDeque<Worker>> POOLS = new LinkedHashMap<>(8, 0.75f, true);

    private ExecutorModels() {
    }

    /** A rebuilt model with its loss, and the version of the weights it holds. */
    static final class Worker {
        final Model model;
        final Loss loss;
        long weightsVersion = Long.MIN_VALUE;

        Worker(Model model, Loss loss) {
            this.model = model;
            this.loss = loss;
        }

        /** Copies {@code weights} in unless this model holds them already. */
        void load(ModelWeights weights) {
            if (weightsVersion != weights.version()) {
                weightsVersion = Long.MIN_VALUE;
                weights.copyInto(model);
                weightsVersion = weights.version();
            }
        }
    }

    /** A model for {@code blueprint} that no other task is using, holding {@code weights}. */
    static Worker borrow(ModelBlueprint blueprint, ModelWeights weights) {
        Worker w = pool(blueprint.id()).pollFirst();
        if (w == null) {
            w = new Worker(blueprint.newModel(), blueprint.newLoss());
        }
        w.load(weights);
        return w;
    }

    /** Gives a model back for the next task. */
    static void release(ModelBlueprint blueprint, Worker worker) {
        pool(blueprint.id()).offerFirst(worker);
    }

    private static synchronized ConcurrentLinkedDeque<Worker> pool(String id) {
        ConcurrentLinkedDeque<Worker> pool = POOLS.computeIfAbsent(id, k -> new ConcurrentLinkedDeque<>());
        if (POOLS.size() > KEEP) {
            Iterator<String> eldest = POOLS.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        return pool;
    }
}
