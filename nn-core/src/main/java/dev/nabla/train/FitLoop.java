package dev.nabla.train;

import dev.nabla.nn.Model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The epoch bookkeeping of one {@code fit} call, apart from how the steps are computed: the
 * callbacks (with the {@link ProgressBar} of {@link Fit#verbose()} last), the stop flag, the
 * epochs counted on from {@link Model#epochsTrained()}, validation with {@code val_}-prefixed
 * logs, and the {@link History}. {@link Trainer} drives it with local steps; a distributed trainer
 * (nn-spark) drives it with steps computed elsewhere, so both run the callbacks the same way:
 * <pre>{@code
 * FitLoop loop = FitLoop.begin(model, fit, batchesPerEpoch);
 * for (int epoch = loop.firstEpoch(); loop.continues(epoch); epoch++) {
 *     loop.beginEpoch(epoch);
 *     for (each batch b) { step; loop.batchEnd(b, runningLogs); }
 *     loop.endEpoch(epoch, epochLogs);
 * }
 * History history = loop.end();
 * }</pre>
 */
public final class FitLoop {
    private final Model model;
    private final Fit fit;
    private final List<Callback> callbacks;
    private final History history = new History();
    private final int first;

    private FitLoop(Model model, Fit fit, List<Callback> callbacks) {
        this.model = model;
        this.fit = fit;
        this.callbacks = callbacks;
        this.first = model.epochsTrained();
    }

    /**
     * Checks the validation set, clears the model's stop request and calls every callback's
     * {@code onTrainBegin}; {@code batchesPerEpoch} sizes the progress bar.
     */
    public static FitLoop begin(Model model, Fit fit, int batchesPerEpoch) {
        if (fit.validation() != null && fit.validation().size() == 0) {
            throw new IllegalArgumentException("fit: the validation set is empty");
        }
        // Epochs count on from earlier fit calls (Keras's initial_epoch), so schedules, checkpoints
        // and the shuffling order continue instead of starting over.
        List<Callback> callbacks = new ArrayList<>(fit.callbacks());
        if (fit.verbose()) {
            callbacks.add(new ProgressBar(model.epochsTrained() + fit.epochs(), batchesPerEpoch));
        }
        FitLoop loop = new FitLoop(model, fit, callbacks);
        model.resetStopRequest();
        callbacks.forEach(c -> c.onTrainBegin(model));
        return loop;
    }

    /**
     * The seed of epoch {@code epoch}'s shuffle (and, split off it, its augmentation draws):
     * {@code seed + epoch · 0x9E3779B97F4A7C15}.
     */
    public static long epochSeed(long seed, int epoch) {
        return seed + epoch * 0x9E3779B97F4A7C15L;
    }

    /** The first epoch of this call (0-based): the epochs the model had already trained. */
    public int firstEpoch() {
        return first;
    }

    /** True while {@code epoch} is within this call's epochs and no callback asked to stop. */
    public boolean continues(int epoch) {
        return epoch < first + fit.epochs() && !model.isStopRequested();
    }

    /** Restarts the model's random streams at {@code epoch} and calls {@code onEpochBegin}. */
    public void beginEpoch(int epoch) {
        model.restartRandomAt(epoch); // dropout masks depend on (seed, epoch) only: resuming is exact
        callbacks.forEach(c -> c.onEpochBegin(model, epoch));
    }

    /** Calls {@code onBatchEnd} with the running logs of the epoch. */
    public void batchEnd(int batch, Map<String, Double> logs) {
        callbacks.forEach(c -> c.onBatchEnd(model, batch, logs));
    }

    /**
     * A batch's loss is NaN or infinite: gives the callbacks the logs holding it and returns true if
     * one of them asked to stop (the caller ends the epoch with these logs and keeps the weights as
     * they were); otherwise fails naming the epoch and batch.
     *
     * @param who the name in the error message ({@code "fit"}, {@code "SyncTrainer"}, …)
     * @throws IllegalStateException when no callback stopped training
     */
    public boolean stopsOnNonFiniteLoss(String who, int epoch, int batch, Map<String, Double> logs) {
        callbacks.forEach(c -> c.onBatchEnd(model, batch, logs));
        if (model.isStopRequested()) {
            return true;
        }
        throw new IllegalStateException(who + ": the loss became " + logs.get("loss").floatValue() + " at epoch "
                + (epoch + 1) + ", batch " + (batch + 1) + " (" + model.loss().name() + "); lower the learning rate, "
                + "check the inputs for NaN, or clip gradients");
    }

    /**
     * Ends an epoch: evaluates the validation data (if any) into {@code val_…} entries of
     * {@code logs}, counts the epoch on the model, records the logs and calls {@code onEpochEnd}.
     */
    public void endEpoch(int epoch, Map<String, Double> logs) {
        if (fit.validation() != null) {
            new Trainer(model).evaluate(fit.validation(), fit.batchSize()).forEach((k, v) -> logs.put("val_" + k, v));
        }
        model.recordEpoch();
        history.record(logs);
        callbacks.forEach(c -> c.onEpochEnd(model, epoch, logs));
    }

    /** Calls every callback's {@code onTrainEnd} and returns the history of this call. */
    public History end() {
        callbacks.forEach(c -> c.onTrainEnd(model));
        return history;
    }
}
