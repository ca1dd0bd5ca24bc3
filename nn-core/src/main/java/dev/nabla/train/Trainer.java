package dev.nabla.train;

import dev.nabla.autograd.Grad;
import dev.nabla.backend.Backends;
import dev.nabla.backend.CpuBackend;
import dev.nabla.data.Batch;
import dev.nabla.data.Dataset;
import dev.nabla.data.augment.Augmentation;
import dev.nabla.loss.Loss;
import dev.nabla.metrics.Metric;
import dev.nabla.nn.Model;
import dev.nabla.tensor.BufferPool;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The training loop behind {@link Model#fit} and {@link Model#evaluate}: for each batch,
 * forward → loss → backward → optimizer step → metrics; after each epoch, validation and the
 * callbacks. A {@link BatchSampler} in the {@link Fit} replaces how batches are drawn, a
 * {@link BatchGradients} replaces forward → loss → backward (the optimizer step stays). A loss that becomes NaN or infinite stops training with an error naming the epoch
 * and batch, unless a callback (such as {@link TerminateOnNaN}) asks to stop.
 *
 * <p>Memory: on the CPU backend each training step (forward → loss → backward → optimizer step →
 * metrics, in {@code fit}'s default path and in {@link #trainOnBatch}) runs inside a {@link BufferPool}
 * step, so op outputs and intermediate gradients reuse the previous step's buffers and each parameter
 * reuses its gradient buffer. Only numbers (loss, metric results) leave the step; callbacks run after it;
 * weights never take pooled storage (a layer built inside the first step copies its initial values). A tensor kept from inside a step (e.g. by a layer's output observer) fails loudly when read
 * afterwards. {@code -Dnabla.pool=off} turns this off; the results are bit-identical either way. Steps
 * with a {@link BatchGradients} and accelerated backends are not pooled. {@code fit} lets the pooled
 * buffers go when it returns ({@link BufferPool#trim}); after a loop of {@link #trainOnBatch} calls they stay
 * with the thread (about one step's activations and gradients) until {@code BufferPool.trim()} or the next
 * {@code fit}.
 */
public final class Trainer {
    private final Model model;

    /**
     * A loop for {@code model}, which must be compiled; {@link Model#fit} and {@link Model#evaluate} make
     * one per call.
     */
    public Trainer(Model model) {
        this.model = model;
    }

    /** Trains as {@code fit} says and returns the history. */
    public History fit(Dataset train, Fit fit) {
        if (train == null) {
            throw new IllegalArgumentException("fit: training data must not be null");
        }
        int batches = fit.batchSampler() == null ? train.batchCount(fit.batchSize(), fit.dropLast())
                : fit.batchSampler().batchCount(train.size(), fit.batchSize());
        if (batches == 0) {
            throw new IllegalArgumentException("fit: " + train.size() + " samples make no batch of "
                    + fit.batchSize() + (fit.batchSampler() == null ? " with dropLast" : " with " + fit.batchSampler()));
        }
        FitLoop loop = FitLoop.begin(model, fit, batches);
        boolean wasTraining = model.isTraining();
        if (fit.batchGradients() != null) {
            fit.batchGradients().begin(model, train.size(), fit);
        }
        try {
            for (int epoch = loop.firstEpoch(); loop.continues(epoch); epoch++) {
                // One generator per epoch from (seed, epoch); augmentation draws from a stream split off it,
                // so turning augmentation on does not change the shuffling order.
                long epochSeed = FitLoop.epochSeed(fit.seed(), epoch);
                SplittableRandom shuffle = fit.shuffle() ? new SplittableRandom(epochSeed) : null;
                SplittableRandom augment = fit.augmentation() == null ? null : new SplittableRandom(epochSeed).split();
                loop.beginEpoch(epoch);
                Iterable<Batch> epochBatches = fit.batchSampler() == null
                        ? train.batches(fit.batchSize(), shuffle, fit.dropLast())
                        : sampled(train, fit.batchSampler().epoch(train.size(), fit.batchSize(),
                                new SplittableRandom(epochSeed)));
                Map<String, Double> logs = trainEpoch(epochBatches, fit, augment, epoch, loop);
                if (fit.batchGradients() != null) {
                    logs.putAll(fit.batchGradients().epochLogs(model, epoch));
                }
                loop.endEpoch(epoch, logs);
            }
        } finally {
            model.setTraining(wasTraining);
            BufferPool.trim(); // the buffers kept for the next step: none comes after fit
        }
        return loop.end();
    }

    /** The sampler's index lists as batches, built one at a time; an empty list gives a null batch. */
    private static Iterable<Batch> sampled(Dataset train, List<int[]> indices) {
        return () -> indices.stream().map(i -> i.length == 0 ? null : train.batch(i)).iterator();
    }

    private Map<String, Double> trainEpoch(Iterable<Batch> batches, Fit fit, SplittableRandom augment,
                                           int epoch, FitLoop loop) {
        model.metrics().forEach(Metric::reset);
        model.setTraining(true);
        double lossSum = 0;
        long seen = 0;
        int index = 0;
        for (Batch batch : batches) {
            if (batch != null && augment != null) {
                batch = new Batch(augmented(fit.augmentation(), batch.x(), augment), batch.y(), batch.sampleWeights());
            }
            double v;
            int examples;
            Tensor predictions;
            if (fit.batchGradients() != null) {
                BatchGradients.Result r = fit.batchGradients().compute(model, batch);
                v = r.loss();
                examples = r.examples();
                predictions = r.predictions();
                if (examples > 0 && !Double.isFinite(v)) {
                    model.optimizer().zeroGrad(model.trainableWeights());
                    Map<String, Double> bad = logs(v);
                    loop.stopsOnNonFiniteLoss("fit", epoch, index, bad); // throws unless a callback stopped training
                    return bad;
                }
                List<Tensor> params = model.trainableWeights();
                model.optimizer().step(params);
                model.optimizer().zeroGrad(params);
            } else {
                if (batch == null) {
                    continue; // an empty sampled batch: nothing to learn from without a BatchGradients
                }
                examples = batch.size();
                try (BufferPool.StepScope step = openStep()) {
                    Tensor out = model.call(batch.x());
                    Tensor value = lossOf(out, batch.y(), batch.sampleWeights());
                    v = value.item();
                    if (Double.isFinite(v)) {
                        update(value);
                        for (Metric m : model.metrics()) {
                            m.update(out.detach(), batch.y());
                        }
                    }
                }
                if (!Double.isFinite(v)) {
                    Map<String, Double> bad = logs(v);
                    loop.stopsOnNonFiniteLoss("fit", epoch, index, bad); // throws unless a callback stopped training
                    return bad;
                }
                predictions = null; // the metrics saw them inside the step
            }
            if (predictions != null && batch != null) {
                for (Metric m : model.metrics()) {
                    m.update(predictions, batch.y());
                }
            }
            if (examples > 0) {
                lossSum += v * examples;
                seen += examples;
            }
            // Per batch only the running loss: some metrics (AUC) cost a sort of everything seen to report.
            Map<String, Double> running = new LinkedHashMap<>();
            running.put("loss", seen == 0 ? Double.NaN : lossSum / seen);
            loop.batchEnd(index++, running);
        }
        return logs(seen == 0 ? Double.NaN : lossSum / seen);
    }

    /** A pooled step on the CPU backend; a no-op scope elsewhere (device tensors are left alone). */
    private static BufferPool.StepScope openStep() {
        if (Backends.current() instanceof CpuBackend) {
            return BufferPool.open();
        }
        return BufferPool.noScope();
    }

    private Tensor lossOf(Tensor predictions, Tensor y, Tensor sampleWeights) {
        return sampleWeights == null ? model.loss().compute(predictions, y)
                : model.loss().compute(predictions, y, sampleWeights);
    }

    /** Backward from the loss, then one optimizer step. */
    private void update(Tensor value) {
        // Taken after the forward pass: a model built lazily by its first batch has weights only now.
        List<Tensor> params = model.trainableWeights();
        model.optimizer().zeroGrad(params); // nothing left over from an earlier backward() reaches this step
        value.backward();
        model.optimizer().step(params);
        model.optimizer().zeroGrad(params);
    }

    /**
     * One step on one batch (Keras's {@code train_on_batch}); returns the loss and metrics of this batch.
     * A loss that is NaN or infinite fails before the weights change.
     */
    public Map<String, Double> trainOnBatch(Tensor x, Tensor y, Tensor sampleWeights) {
        if (x == null || y == null) {
            throw new IllegalArgumentException("trainOnBatch: inputs and targets must not be null");
        }
        if (x.rank() < 1 || y.rank() < 1 || x.size(0) != y.size(0)) {
            throw new IllegalArgumentException("trainOnBatch: inputs " + Shape.format(x.shape()) + " and targets "
                    + Shape.format(y.shape()) + " must have the same batch size (first axis)");
        }
        boolean was = model.isTraining();
        model.setTraining(true);
        try (BufferPool.StepScope step = openStep()) {
            model.metrics().forEach(Metric::reset);
            Tensor predictions = model.call(x);
            Tensor value = lossOf(predictions, y, sampleWeights);
            float v = value.item();
            if (!Float.isFinite(v)) {
                throw new IllegalStateException("trainOnBatch: the loss is " + v + " (" + model.loss().name()
                        + "); the weights were not changed");
            }
            update(value);
            for (Metric m : model.metrics()) {
                m.update(predictions.detach(), y);
            }
            return logs(v);
        } finally {
            model.setTraining(was);
        }
    }

    private static Tensor augmented(Augmentation augmentation, Tensor x, SplittableRandom rng) {
        Tensor out = augmentation.apply(x, rng);
        if (out == null || !Arrays.equals(out.shape(), x.shape())) {
            throw new IllegalStateException("fit: augmentation " + augmentation + " turned a batch of shape "
                    + Shape.format(x.shape()) + " into " + (out == null ? "null" : "shape " + Shape.format(out.shape())));
        }
        return out;
    }

    /** Mean loss (weighted by batch size) and metrics over {@code data}, in inference mode. */
    public Map<String, Double> evaluate(Dataset data, int batchSize) {
        if (data == null || data.size() == 0) {
            throw new IllegalArgumentException("evaluate: no data");
        }
        boolean was = model.isTraining();
        model.setTraining(false);
        model.metrics().forEach(Metric::reset);
        double lossSum = 0;
        try (Grad.Scope off = Grad.off()) {
            for (Batch batch : data.batches(batchSize, null, false)) {
                Tensor predictions = model.call(batch.x());
                Tensor value = lossOf(predictions, batch.y(), batch.sampleWeights());
                lossSum += (double) value.item() * batch.size();
                for (Metric m : model.metrics()) {
                    m.update(predictions, batch.y());
                }
            }
        } finally {
            model.setTraining(was);
        }
        return logs(lossSum / data.size());
    }

    private Map<String, Double> logs(double loss) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", loss);
        for (Metric m : model.metrics()) {
            logs.put(m.name(), m.result());
        }
        return logs;
    }
}
