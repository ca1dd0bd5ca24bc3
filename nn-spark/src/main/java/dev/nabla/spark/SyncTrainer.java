package dev.nabla.spark;

import dev.nabla.nn.Model;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Fit;
import dev.nabla.train.FitLoop;
import dev.nabla.train.History;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synchronous data-parallel training: for each global batch the driver broadcasts the weights,
 * every partition computes with nn-core the gradient of its share of the batch (weighted by
 * {@code share / batch size}, since the loss is a mean over the batch), {@code treeAggregate} sums
 * the gradients, and the driver applies the model's own optimizer. The sum equals the gradient of
 * the whole batch, so one step equals {@link Model#trainOnBatch} on the same batch to float
 * rounding, and {@link #fit} equals {@link Model#fit} with the same batch size and seed: batches are
 * drawn from the same seeded shuffle of the global example order ({@link TrainingSet}).
 *
 * <pre>{@code
 * model.compile(new Adam(1e-3), Losses.categoricalCrossentropy());
 * try (TrainingSet data = TrainingSet.of(spark.read().parquet("s3://archive/train"), format)) {
 *     History h = new SyncTrainer(model).listener(StepListener.printEvery(50)).fit(data, Fit.epochs(5).batchSize(64)
 *             .seed(42).validation(localValidationSet).callbacks(new EarlyStopping("val_loss", 2).restoreBestWeights()));
 * }
 * }</pre>
 *
 * <p>nn-core's fit callbacks run on the driver as in {@code model.fit} ({@link #fit(TrainingSet, Fit)}).
 *
 * <p>Layers that draw random numbers while training (dropout) draw them per executor, so a step
 * with them is not bit-equal to a single-machine step; non-trainable weights (batch-norm moving
 * statistics) are averaged over the partitions, weighted by their share of the batch, and each
 * partition normalises with its own share's batch statistics (as PyTorch DDP without SyncBatchNorm).
 */
public final class SyncTrainer {
    private final Model model;
    private StepListener listener = m -> { };
    private TaskHook hook = TaskHook.NONE;
    private int depth = 2;
    private TrainingReport report;

    /**
     * @throws IllegalArgumentException if the model is not compiled, not built, or cannot be rebuilt
     *                                  on the executors (checked later, in {@link #fit})
     */
    public SyncTrainer(Model model) {
        if (model == null || model.optimizer() == null || model.loss() == null) {
            throw new IllegalArgumentException("SyncTrainer: the model must be compiled (compile(optimizer, loss)) "
                    + "before distributed training, got " + (model == null ? "null" : "an uncompiled model"));
        }
        this.model = model;
    }

    /** Receives every step's metrics on the driver. */
    public SyncTrainer listener(StepListener value) {
        this.listener = value == null ? m -> { } : value;
        return this;
    }

    /** A hook run at the start of every task (tests inject faults with it). */
    public SyncTrainer taskHook(TaskHook value) {
        this.hook = value == null ? TaskHook.NONE : value;
        return this;
    }

    /** Depth of the {@code treeAggregate} (default 2). */
    public SyncTrainer treeDepth(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("SyncTrainer.treeDepth: must be >= 1, got " + value);
        }
        this.depth = value;
        return this;
    }

    /**
     * Trains for {@code epochs} passes in global batches of {@code batchSize}, shuffled with
     * {@code seed} exactly as {@code model.fit(data, Fit.epochs(epochs).batchSize(batchSize).seed(seed))}
     * shuffles (the last batch of an epoch may be short); no callbacks, no progress bar.
     */
    public TrainingReport fit(TrainingSet data, int epochs, int batchSize, long seed) {
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("SyncTrainer.fit: epochs and batch size must be >= 1, got " + epochs
                    + " and " + batchSize);
        }
        fit(data, Fit.epochs(epochs).batchSize(batchSize).seed(seed).verbose(false));
        return report;
    }

    /**
     * Trains as {@code model.fit(dataset, fit)} would on the whole training set, and returns the
     * {@link History}: global batches of {@link Fit#batchSize()} drawn from the same seeded shuffle
     * ({@link Fit#seed()}, {@link Fit#shuffle()}, {@link Fit#dropLast()}); the {@link Fit#callbacks}
     * run on the driver as nn-core runs them ({@link FitLoop}): {@code onEpochBegin} before an epoch
     * (a {@code LearningRateScheduler} sets the driver's optimizer, which makes every update),
     * {@code onBatchEnd} after every step with the running mean loss, and {@code onEpochEnd} with the
     * epoch's {@code loss} and, with {@link Fit#validation}, the {@code val_} loss and metrics that
     * nn-core's {@code evaluate} computes on the driver. A callback's stop request ends the run after
     * the epoch; a NaN loss ends it at once when a callback such as {@code TerminateOnNaN} stops
     * training (the weights stay as before that step), and fails otherwise. Training metrics other
     * than the loss are not computed on the executors: only the {@code val_} metrics are logged.
     * The step metrics of the run are in {@link #report()} afterwards.
     *
     * @throws IllegalArgumentException for {@link Fit#augmentation} (not run on executors) and the
     *                                  checks of {@code model.fit}
     */
    public History fit(TrainingSet data, Fit fit) {
        DriverEpoch.check(fit, "SyncTrainer");
        Session session = start(data);
        int n = Math.toIntExact(data.size());
        int batchSize = fit.batchSize();
        int batches = fit.dropLast() ? n / batchSize : (n + batchSize - 1) / batchSize;
        if (batches == 0) {
            session.close();
            throw new IllegalArgumentException("SyncTrainer.fit: " + n + " samples make no batch of " + batchSize
                    + " with dropLast");
        }
        TrainingReport run = new TrainingReport();
        report = run;
        FitLoop loop;
        try {
            loop = FitLoop.begin(model, fit, batches);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        long[] step = {0};
        try {
            for (int epoch = loop.firstEpoch(); loop.continues(epoch); epoch++) {
                int[] order = fit.shuffle() ? shuffledOrder(n, FitLoop.epochSeed(fit.seed(), epoch)) : identity(n);
                loop.beginEpoch(epoch);
                int e = epoch;
                Map<String, Double> logs = DriverEpoch.run(loop, "SyncTrainer", epoch, batches, b -> session.step(
                        Arrays.copyOfRange(order, b * batchSize, Math.min((b + 1) * batchSize, n)), e, step[0]++),
                        run, listener);
                loop.endEpoch(epoch, logs);
            }
        } finally {
            session.close();
        }
        return loop.end();
    }

    /** The step metrics of the latest {@code fit} (null before the first). */
    public TrainingReport report() {
        return report;
    }

    /**
     * One step on the global batch made of the examples {@code globalIndices} (indices into the
     * training set's global order): the same update as {@code model.trainOnBatch} on those examples.
     */
    public StepMetrics step(TrainingSet data, int[] globalIndices) {
        if (globalIndices == null || globalIndices.length == 0) {
            throw new IllegalArgumentException("SyncTrainer.step: the batch must hold at least one example index");
        }
        Session session = start(data);
        try {
            StepMetrics m = session.step(globalIndices, model.epochsTrained(), 0);
            listener.onStep(m);
            if (!Double.isFinite(m.loss())) {
                throw new IllegalStateException("SyncTrainer.step: the loss is " + m.loss() + " ("
                        + model.loss().name() + "); the weights were not changed");
            }
            return m;
        } finally {
            session.close();
        }
    }

    static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** The shuffle of {@code Dataset.batches}: Fisher–Yates with a {@link SplittableRandom}. */
    static int[] shuffledOrder(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private Session start(TrainingSet data) {
        if (data == null) {
            throw new IllegalArgumentException("SyncTrainer: training data must not be null");
        }
        ModelChecks.requireFits(model, data, "SyncTrainer");
        ModelBlueprint blueprint = ModelBlueprint.of(model);
        return new Session(data, blueprint);
    }

    /** The broadcast blueprint and per-step state of one fit. */
    private final class Session {
        private final TrainingSet data;
        private final JavaSparkContext sc;
        private final Broadcast<ModelBlueprint> blueprint;
        private final List<Tensor> trainable;
        private final List<Tensor> others;

        Session(TrainingSet data, ModelBlueprint bp) {
            this.data = data;
            this.sc = data.context();
            this.blueprint = sc.broadcast(bp);
            this.trainable = new ArrayList<>();
            this.others = new ArrayList<>();
            for (Tensor w : model.namedWeights().values()) {
                (w.requiresGrad() ? trainable : others).add(w);
            }
        }

        StepMetrics step(int[] batch, int epoch, long step) {
            long start = System.nanoTime();
            int[][] rows = data.rowsByPartition(batch);
            int batchSize = batch.length;
            Broadcast<ModelWeights> weights = sc.broadcast(ModelWeights.of(model, step));
            Broadcast<ModelBlueprint> bp = blueprint;
            TaskHook h = hook;
            GradientSum sum;
            long jobStart = System.nanoTime();
            try {
                sum = data.shards().treeAggregate(new GradientSum(),
                        (acc, shard) -> acc.add(gradient(shard, rows[shard.partition()], batchSize, bp.value(),
                                weights.value(), h, step)),
                        GradientSum::add, depth);
            } catch (Exception e) {
                throw SparkFailures.translate("SyncTrainer step " + step, e);
            } finally {
                weights.destroy();
            }
            long jobEnd = System.nanoTime();
            if (sum.examples != batchSize) {
                throw new IllegalStateException("SyncTrainer step " + step + ": the partitions computed gradients for "
                        + sum.examples + " examples, the batch has " + batchSize);
            }
            if (Double.isFinite(sum.lossSum)) {
                apply(sum);
            }
            long end = System.nanoTime();
            double job = (jobEnd - jobStart) / 1e9;
            double compute = sum.computeNanosMax / 1e9;
            return new StepMetrics(epoch, step, sum.examples, sum.lossSum / sum.examples, (end - start) / 1e9, compute,
                    sum.computeNanosSum / 1e9, Math.max(0, job - compute), (end - jobEnd) / 1e9, sum.tasks);
        }

        /** Sets the summed gradients, runs the optimizer, averages the non-trainable weights. */
        private void apply(GradientSum sum) {
            Optimizer optimizer = model.optimizer();
            optimizer.zeroGrad(trainable);
            int at = 0;
            for (Tensor w : trainable) {
                int n = w.numel();
                w.accumulateGrad(Tensor.wrap(Arrays.copyOfRange(sum.gradient, at, at + n), w.shape()));
                at += n;
            }
            optimizer.step(trainable);
            optimizer.zeroGrad(trainable);
            at = 0;
            float scale = 1f / sum.examples;
            for (Tensor w : others) {
                float[] s = w.storage();
                for (int i = 0, o = w.offset(); i < w.numel(); i++) {
                    s[o + i] = sum.state[at + i] * scale;
                }
                at += w.numel();
            }
        }

        void close() {
            blueprint.destroy();
        }
    }

    /** On an executor: the weighted gradient of one partition's share of the batch. */
    static GradientSum gradient(Shard shard, int[] rows, int batchSize, ModelBlueprint bp, ModelWeights weights,
                                TaskHook hook, long step) {
        TaskContext ctx = TaskContext.get();
        hook.beforeTask(shard.partition(), ctx == null ? 0 : ctx.attemptNumber(), step);
        GradientSum out = new GradientSum();
        if (rows.length == 0) {
            return out;
        }
        long start = System.nanoTime();
        ExecutorModels.Worker worker = ExecutorModels.borrow(bp, weights);
        try {
            Model m = worker.model;
            List<Tensor> trainable = new ArrayList<>();
            List<Tensor> others = new ArrayList<>();
            for (Tensor w : m.namedWeights().values()) {
                (w.requiresGrad() ? trainable : others).add(w);
            }
            trainable.forEach(Tensor::zeroGrad);
            m.setTraining(true);
            Tensor loss;
            try {
                Tensor w = shard.sampleWeights(rows);
                Tensor p = m.call(shard.inputs(rows));
                loss = w == null ? worker.loss.compute(p, shard.targets(rows))
                        : worker.loss.compute(p, shard.targets(rows), w);
            } finally {
                m.setTraining(false);
            }
            float value = loss.item();
            if (!others.isEmpty()) {
                worker.weightsVersion = Long.MIN_VALUE; // the forward pass moved its statistics
            }
            if (!Float.isFinite(value)) {
                // Reported, not thrown: the driver asks the callbacks (TerminateOnNaN) and leaves the weights alone.
                trainable.forEach(Tensor::zeroGrad);
                out.lossSum = value;
                out.examples = rows.length;
                out.tasks = 1;
                return out;
            }
            loss.backward();
            float weight = (float) rows.length / batchSize;
            out.gradient = new float[bp.trainableSize()];
            int at = 0;
            for (Tensor w : trainable) {
                Tensor g = w.grad();
                if (g != null) {
                    float[] gv = g.toArray();
                    for (int i = 0; i < gv.length; i++) {
                        out.gradient[at + i] = gv[i] * weight;
                    }
                }
                at += w.numel();
                w.zeroGrad();
            }
            out.state = new float[bp.size() - bp.trainableSize()];
            at = 0;
            for (Tensor w : others) {
                float[] v = w.toArray();
                for (int i = 0; i < v.length; i++) {
                    out.state[at + i] = v[i] * rows.length;
                }
                at += v.length;
            }
            out.lossSum = (double) value * rows.length;
            out.examples = rows.length;
            out.tasks = 1;
            out.computeNanosMax = System.nanoTime() - start;
            out.computeNanosSum = out.computeNanosMax;
            return out;
        } finally {
            ExecutorModels.release(bp, worker);
        }
    }
}
