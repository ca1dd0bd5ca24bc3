package dev.nabla.spark;

import dev.nabla.nn.Model;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.OptimizerState;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Fit;
import dev.nabla.train.FitLoop;
import dev.nabla.train.History;
import dev.nabla.train.Trainer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameter averaging, as DL4J's {@code ParameterAveragingTrainingMaster}: each round the driver
 * broadcasts the weights and the optimizer state; every partition runs {@code k} local steps
 * ({@link Model#trainOnBatch}) on mini-batches of {@code batchSizePerWorker} from its own shard;
 * {@code treeAggregate} sums the resulting weights and optimizer slots weighted by the examples
 * each partition trained on, and the driver sets the averages. With {@code k = 1} the traffic is
 * that of synchronous training (twice the model, plus the optimizer slots, per local step); a larger
 * {@code k} communicates {@code k} times less, at some cost in accuracy per epoch (the workers drift
 * apart between averages).
 *
 * <p>One epoch: each partition goes once through its shard, in an order shuffled with
 * {@code (seed, epoch, partition)}; a round runs the next {@code k} of its local batches, so an
 * epoch has {@code ceil(max local batches / k)} rounds. Partitions that have run out of batches
 * in the last round of an epoch sit it out and do not count in its average.
 */
public final class AveragingTrainer {
    private final Model model;
    private final int k;
    private final int batchSizePerWorker;
    private StepListener listener = m -> { };
    private TaskHook hook = TaskHook.NONE;
    private int depth = 2;
    private TrainingReport report;

    /**
     * @param model              a compiled model (its optimizer's state is averaged too)
     * @param k                  local steps between two averages, >= 1
     * @param batchSizePerWorker mini-batch size of each local step, >= 1
     */
    public AveragingTrainer(Model model, int k, int batchSizePerWorker) {
        if (model == null || model.optimizer() == null || model.loss() == null) {
            throw new IllegalArgumentException("AveragingTrainer: the model must be compiled (compile(optimizer, "
                    + "loss)) before distributed training, got " + (model == null ? "null" : "an uncompiled model"));
        }
        if (k < 1 || batchSizePerWorker < 1) {
            throw new IllegalArgumentException("AveragingTrainer: k and batchSizePerWorker must be >= 1, got k = " + k
                    + ", batchSizePerWorker = " + batchSizePerWorker);
        }
        this.model = model;
        this.k = k;
        this.batchSizePerWorker = batchSizePerWorker;
    }

    /** Receives every round's metrics on the driver. */
    public AveragingTrainer listener(StepListener value) {
        this.listener = value == null ? m -> { } : value;
        return this;
    }

    /** A hook run at the start of every task (tests inject faults with it). */
    public AveragingTrainer taskHook(TaskHook value) {
        this.hook = value == null ? TaskHook.NONE : value;
        return this;
    }

    /** Depth of the {@code treeAggregate} (default 2). */
    public AveragingTrainer treeDepth(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("AveragingTrainer.treeDepth: must be >= 1, got " + value);
        }
        this.depth = value;
        return this;
    }

    /** Trains for {@code epochs} passes over every partition's shard; no callbacks, no progress bar. */
    public TrainingReport fit(TrainingSet data, int epochs, long seed) {
        if (epochs < 1) {
            throw new IllegalArgumentException("AveragingTrainer.fit: epochs must be >= 1, got " + epochs);
        }
        fit(data, Fit.epochs(epochs).seed(seed).verbose(false));
        return report;
    }

    /**
     * Trains for {@link Fit#epochs()} passes over every partition's shard and returns the
     * {@link History}, running the {@link Fit#callbacks} on the driver as nn-core's {@code fit} runs
     * them ({@link FitLoop}); one "batch" of the callbacks is one round. The local mini-batches
     * have the constructor's {@code batchSizePerWorker}; {@link Fit#batchSize()} is only the batch
     * of the {@link Fit#validation} pass (nn-core's {@code evaluate} on the driver, giving
     * {@code val_loss} and the {@code val_} metrics). {@link Fit#seed()} and {@link Fit#shuffle()}
     * set each partition's local order, {@link Fit#dropLast()} leaves out each partition's short
     * last batch. A learning rate a callback sets on the driver's optimizer travels to the
     * executors with the optimizer state of the next round. A round whose loss is NaN or infinite
     * is not averaged in; it ends the run when a callback such as {@code TerminateOnNaN} stops
     * training, and fails otherwise. The round metrics are in {@link #report()} afterwards.
     *
     * @throws IllegalArgumentException for {@link Fit#augmentation} (not run on executors)
     */
    public History fit(TrainingSet data, Fit fit) {
        if (data == null) {
            throw new IllegalArgumentException("AveragingTrainer.fit: training data must not be null");
        }
        DriverEpoch.check(fit, "AveragingTrainer");
        ModelChecks.requireFits(model, data, "AveragingTrainer");
        boolean dropLast = fit.dropLast();
        int maxBatches = 0;
        for (int p = 0; p < data.partitions(); p++) {
            maxBatches = Math.max(maxBatches, localBatches(data.count(p), batchSizePerWorker, dropLast));
        }
        if (maxBatches == 0) {
            throw new IllegalArgumentException("AveragingTrainer.fit: no partition holds a full batch of "
                    + batchSizePerWorker + " with dropLast");
        }
        int rounds = (maxBatches + k - 1) / k;
        TrainingReport run = new TrainingReport();
        report = run;
        FitLoop loop = FitLoop.begin(model, fit, rounds);
        JavaSparkContext sc = data.context();
        Broadcast<ModelBlueprint> bp = sc.broadcast(ModelBlueprint.of(model));
        List<Tensor> trainable = model.trainableWeights();
        Order order = new Order(fit.seed(), fit.shuffle(), dropLast);
        long[] step = {0};
        try {
            for (int epoch = loop.firstEpoch(); loop.continues(epoch); epoch++) {
                loop.beginEpoch(epoch);
                int e = epoch;
                Map<String, Double> logs = DriverEpoch.run(loop, "AveragingTrainer", epoch, rounds,
                        r -> round(data, bp, trainable, order, e, r, step[0]++), run, listener);
                loop.endEpoch(epoch, logs);
            }
        } finally {
            bp.destroy();
        }
        return loop.end();
    }

    /** The round metrics of the latest {@code fit} (null before the first). */
    public TrainingReport report() {
        return report;
    }

    static int localBatches(int count, int batchSize, boolean dropLast) {
        return dropLast ? count / batchSize : (count + batchSize - 1) / batchSize;
    }

    /** The loss named by trainOnBatch's "the loss is NaN" error; rethrows any other error. */
    private static float nonFiniteLoss(IllegalStateException e) {
        String prefix = "trainOnBatch: the loss is ";
        String message = e.getMessage();
        if (message == null || !message.startsWith(prefix)) {
            throw e;
        }
        int end = message.indexOf(' ', prefix.length());
        return Float.parseFloat(message.substring(prefix.length(), end < 0 ? message.length() : end));
    }

    /** How each partition orders its examples in an epoch. */
    record Order(long seed, boolean shuffle, boolean dropLast) implements java.io.Serializable {
    }

    private StepMetrics round(TrainingSet data, Broadcast<ModelBlueprint> bp, List<Tensor> trainable, Order order,
                              int epoch, int round, long step) {
        long start = System.nanoTime();
        Optimizer optimizer = model.optimizer();
        Broadcast<ModelWeights> weights = data.context().broadcast(ModelWeights.of(model, step));
        Broadcast<OptimizerSnapshot> state = data.context().broadcast(OptimizerSnapshot.of(optimizer.state(trainable)));
        int kk = k;
        int b = batchSizePerWorker;
        TaskHook h = hook;
        AverageSum sum;
        long jobStart = System.nanoTime();
        try {
            sum = data.shards().treeAggregate(new AverageSum(),
                    (acc, shard) -> acc.add(localSteps(shard, bp.value(), weights.value(), state.value(), kk, b, order,
                            epoch, round, h, step)),
                    AverageSum::add, depth);
        } catch (Exception e) {
            throw SparkFailures.translate("AveragingTrainer round " + step, e);
        } finally {
            weights.destroy();
            state.destroy();
        }
        long jobEnd = System.nanoTime();
        if (sum.examples == 0) {
            throw new IllegalStateException("AveragingTrainer round " + step + ": no partition trained on anything");
        }
        if (Double.isFinite(sum.lossSum)) {
            apply(sum, trainable, optimizer);
        }
        long end = System.nanoTime();
        double job = (jobEnd - jobStart) / 1e9;
        double compute = sum.computeNanosMax / 1e9;
        return new StepMetrics(epoch, step, sum.examples, sum.lossSum / sum.examples, (end - start) / 1e9, compute,
                sum.computeNanosSum / 1e9, Math.max(0, job - compute), (end - jobEnd) / 1e9, sum.tasks);
    }

    /** Sets the averaged weights and optimizer state on the driver's model. */
    private void apply(AverageSum sum, List<Tensor> trainable, Optimizer optimizer) {
        float scale = 1f / sum.examples;
        float[] avg = new float[sum.weights.length];
        for (int i = 0; i < avg.length; i++) {
            avg[i] = sum.weights[i] * scale;
        }
        List<Tensor> all = new ArrayList<>(model.namedWeights().values());
        float[][] values = new float[all.size()][];
        int at = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = Arrays.copyOfRange(avg, at, at + all.get(i).numel());
            at += values[i].length;
        }
        new ModelWeights(-1, values).copyInto(model);
        List<OptimizerState.Parameter> parameters = new ArrayList<>();
        at = 0;
        for (int i = 0; i < trainable.size(); i++) {
            int n = trainable.get(i).numel();
            Map<String, float[]> slots = new LinkedHashMap<>();
            for (String name : sum.layout[i]) {
                float[] s = new float[n];
                for (int j = 0; j < n; j++) {
                    s[j] = sum.slots[at + j] * scale;
                }
                slots.put(name, s);
                at += n;
            }
            long steps = Math.round(sum.steps[i] / sum.examples);
            parameters.add(new OptimizerState.Parameter(steps, steps == 0 ? Map.of() : slots));
        }
        OptimizerState before = optimizer.state(trainable);
        optimizer.loadState(new OptimizerState(before.optimizer(), Math.round(sum.iterations / sum.examples),
                before.learningRate(), parameters), trainable);
    }

    /** On an executor: up to {@code k} local steps from the broadcast weights and state. */
    static AverageSum localSteps(Shard shard, ModelBlueprint bp, ModelWeights weights, OptimizerSnapshot state, int k,
                                 int batchSize, Order order, int epoch, int round, TaskHook hook, long step) {
        TaskContext ctx = TaskContext.get();
        hook.beforeTask(shard.partition(), ctx == null ? 0 : ctx.attemptNumber(), step);
        AverageSum out = new AverageSum();
        int batches = localBatches(shard.count(), batchSize, order.dropLast());
        int from = round * k;
        int to = Math.min(from + k, batches);
        if (from >= to) {
            return out;
        }
        long start = System.nanoTime();
        long mixed = FitLoop.epochSeed(order.seed(), epoch) + (shard.partition() + 1) * 0xBF58476D1CE4E5B9L;
        int[] rowOrder = order.shuffle() ? SyncTrainer.shuffledOrder(shard.count(), mixed)
                : SyncTrainer.identity(shard.count());
        ExecutorModels.Worker worker = ExecutorModels.borrow(bp, weights);
        try {
            Model m = worker.model;
            worker.weightsVersion = Long.MIN_VALUE; // local steps change the weights
            Optimizer optimizer = bp.newOptimizer();
            m.compile(optimizer, worker.loss);
            List<Tensor> trainable = m.trainableWeights();
            optimizer.loadState(state.toState(), trainable);
            for (int batch = from; batch < to; batch++) {
                int[] rows = Arrays.copyOfRange(rowOrder, batch * batchSize, Math.min((batch + 1) * batchSize,
                        shard.count()));
                Tensor x = shard.inputs(rows);
                Tensor y = shard.targets(rows);
                Tensor w = shard.sampleWeights(rows);
                double loss;
                try {
                    loss = new Trainer(m).trainOnBatch(x, y, w).get("loss");
                } catch (IllegalStateException e) {
                    // trainOnBatch refuses a NaN or infinite loss before changing the weights; the loss goes to the
                    // driver, whose callbacks (TerminateOnNaN) decide, instead of failing the task.
                    float bad = nonFiniteLoss(e);
                    out.lossSum = bad;
                    out.examples += rows.length;
                    out.tasks = 1;
                    return out;
                }
                out.lossSum += loss * rows.length;
                out.examples += rows.length;
            }
            out.localSteps = to - from;
            float w = out.examples;
            List<Tensor> all = new ArrayList<>(m.namedWeights().values());
            int size = 0;
            for (Tensor t : all) {
                size += t.numel();
            }
            out.weights = new float[size];
            int at = 0;
            for (Tensor t : all) {
                float[] v = t.toArray();
                for (int i = 0; i < v.length; i++) {
                    out.weights[at + i] = v[i] * w;
                }
                at += v.length;
            }
            OptimizerState after = optimizer.state(trainable);
            out.layout = new String[trainable.size()][];
            out.steps = new double[trainable.size()];
            List<float[]> slotArrays = new ArrayList<>();
            int slotSize = 0;
            for (int i = 0; i < trainable.size(); i++) {
                OptimizerState.Parameter p = after.parameters().get(i);
                Map<String, float[]> slots = p.slots();
                out.layout[i] = slots.keySet().stream().sorted().toArray(String[]::new);
                for (String name : out.layout[i]) {
                    slotArrays.add(slots.get(name));
                    slotSize += slots.get(name).length;
                }
                out.steps[i] = (double) p.steps() * w;
            }
            out.slots = new float[slotSize];
            at = 0;
            for (float[] s : slotArrays) {
                for (int i = 0; i < s.length; i++) {
                    out.slots[at + i] = s[i] * w;
                }
                at += s.length;
            }
            out.iterations = (double) after.iterations() * w;
            out.tasks = 1;
            out.computeNanosMax = System.nanoTime() - start;
            out.computeNanosSum = out.computeNanosMax;
            return out;
        } finally {
            ExecutorModels.release(bp, worker);
        }
    }
}
