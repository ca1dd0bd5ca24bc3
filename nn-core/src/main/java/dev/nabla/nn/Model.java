package dev.nabla.nn;

import dev.nabla.autograd.Grad;
import dev.nabla.data.Dataset;
import dev.nabla.io.ModelFile;
import dev.nabla.loss.Loss;
import dev.nabla.metrics.Metric;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Fit;
import dev.nabla.train.History;
import dev.nabla.train.Trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A layer that can be trained: Keras's {@code compile}/{@code fit}/{@code evaluate}/{@code predict}
 * and {@code summary}. {@link Sequential} is one; a composite model (U-Net, GAN) is a plain Java
 * subclass that {@linkplain #track tracks} its sublayers and writes {@link #forward} itself, as a
 * PyTorch module:
 * <pre>{@code
 * final class Residual extends Model {
 *     private final Dense a = track(new Dense(64).activation(Activation.RELU));
 *     private final Dense b = track(new Dense(64));
 *     protected Tensor forward(Tensor x) { return b.call(a.call(x)).add(x); }
 *     public int[] outputShape(int[] in) { return in.clone(); }
 * }
 * }</pre>
 */
public abstract class Model extends Layer {
    private Optimizer optimizer;
    private Loss loss;
    private List<Metric> metrics = List.of();
    private volatile boolean stopRequested;
    private int epochsTrained;

    /**
     * Builds the sublayers of a composite model by running one zero sample through
     * {@link #forward} (in inference mode, without recording gradients), as Keras traces a
     * subclassed model. {@link Sequential} builds its layers directly instead.
     */
    @Override
    protected void onBuild(int[] inputShape) {
        int[] batchOfOne = new int[inputShape.length + 1];
        batchOfOne[0] = 1;
        System.arraycopy(inputShape, 0, batchOfOne, 1, inputShape.length);
        boolean was = isTraining();
        setTraining(false);
        try (Grad.Scope off = Grad.off()) {
            forward(Tensor.zeros(batchOfOne));
        } finally {
            setTraining(was);
        }
    }

    /** Chooses how {@link #fit} learns and what it reports. */
    public Model compile(Optimizer optimizer, Loss loss, Metric... metrics) {
        if (optimizer == null || loss == null) {
            throw new IllegalArgumentException("compile: optimizer and loss must not be null");
        }
        this.optimizer = optimizer;
        this.loss = loss;
        this.metrics = List.of(metrics);
        return this;
    }

    /** Trains on {@code train} as {@code fit} says; returns the per-epoch history. */
    public History fit(Dataset train, Fit fit) {
        requireCompiled("fit");
        return new Trainer(this).fit(train, fit);
    }

    /**
     * One optimizer step on one batch, as Keras's {@code train_on_batch}: forward in training mode, loss,
     * backward, update. Returns the loss and the metrics on this batch (computed before the update).
     */
    public Map<String, Double> trainOnBatch(Tensor x, Tensor y) {
        requireCompiled("trainOnBatch");
        return new Trainer(this).trainOnBatch(x, y, null);
    }

    /** Loss and metrics over a whole dataset (batches of 256, inference mode). */
    public Map<String, Double> evaluate(Dataset data) {
        return evaluate(data, 256);
    }

    /** Loss and metrics over a whole dataset in batches of {@code batchSize}. */
    public Map<String, Double> evaluate(Dataset data, int batchSize) {
        requireCompiled("evaluate");
        return new Trainer(this).evaluate(data, batchSize);
    }

    /** Outputs for a batch of inputs, in inference mode and without recording gradients. */
    public Tensor predict(Tensor x) {
        boolean was = isTraining();
        setTraining(false);
        try (Grad.Scope off = Grad.off()) {
            return call(x);
        } finally {
            setTraining(was);
        }
    }

    /**
     * Saves architecture, weights and provenance to a {@code .nabla} file (atomically); a compiled
     * model also saves its optimizer, loss, metrics, optimizer state and {@link #epochsTrained()},
     * so that {@link #load} gives it back ready to evaluate or to continue training (see {@link ModelFile}).
     */
    public void save(Path path) throws IOException {
        save(path, Map.of());
    }

    /** Saves with extra provenance (data hash, seed, hyper-parameters, final metrics, …). */
    public void save(Path path, Map<String, Object> metadata) throws IOException {
        ModelFile.save(this, path, metadata);
    }

    /**
     * Loads a model saved with {@link #save}. A model saved compiled comes back compiled, with its
     * optimizer state, as Keras's {@code load_model}: {@code evaluate} works at once and {@code fit}
     * continues exactly where the saved run stopped. A model saved uncompiled (or by an older
     * version) must be compiled before {@code fit} or {@code evaluate}.
     */
    public static Model load(Path path) throws IOException {
        return ModelFile.load(path);
    }

    /**
     * As {@link #load(Path)}; with {@code compile == false} the stored optimizer, loss, metrics and
     * training state are ignored (Keras's {@code compile=False}), e.g. to compile with other settings
     * or when the file names a custom schedule or loss this program cannot rebuild.
     */
    public static Model load(Path path, boolean compile) throws IOException {
        return ModelFile.load(path, compile);
    }

    /** Epochs completed by all {@link #fit} calls so far; the next fit counts on from here. */
    public int epochsTrained() {
        return epochsTrained;
    }

    /**
     * Sets the number of completed epochs the next {@link #fit} counts on from (Keras's
     * {@code initial_epoch}); used when a saved model is loaded.
     *
     * @throws IllegalArgumentException if {@code epochs} is negative
     */
    public void setEpochsTrained(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("setEpochsTrained: epochs must be >= 0, got " + epochs);
        }
        epochsTrained = epochs;
    }

    /** Counts one more completed epoch; called by the training loop. */
    public void recordEpoch() {
        epochsTrained++;
    }

    /** Asks a running {@link #fit} to stop after the current epoch (used by callbacks). */
    public void stopTraining() {
        stopRequested = true;
    }

    /** Clears the stop request; called when {@code fit} starts. */
    public void resetStopRequest() {
        stopRequested = false;
    }

    public boolean isStopRequested() {
        return stopRequested;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public Loss loss() {
        return loss;
    }

    public List<Metric> metrics() {
        return metrics;
    }

    private void requireCompiled(String what) {
        if (optimizer == null || loss == null) {
            throw new IllegalStateException(what + ": call compile(optimizer, loss, metrics…) first");
        }
    }

    /**
     * A Keras-style table: each sublayer with its output shape (when known) and parameter count,
     * then the totals. Printed to standard output and returned.
     */
    public String summary() {
        java.util.List<String[]> rows = new java.util.ArrayList<>();
        int[] shape = inputShape();
        for (Layer layer : children()) {
            String out = "?";
            if (this instanceof Sequential && shape != null) {
                shape = layer.outputShape(shape);
                out = batchShape(shape);
            } else if (layer.isBuilt() && !(layer instanceof Merge)) {
                out = batchShape(layer.outputShape(layer.inputShape()));
            }
            rows.add(new String[] {layer.name() + " (" + Layers.className(layer) + ")", out,
                    String.format("%,d", layer.countParams())});
        }
        int nameWidth = "Layer (type)".length();
        int shapeWidth = "Output Shape".length();
        for (String[] r : rows) {
            nameWidth = Math.max(nameWidth, r[0].length());
            shapeWidth = Math.max(shapeWidth, r[1].length());
        }
        String format = "%-" + (nameWidth + 2) + "s %-" + (shapeWidth + 2) + "s %12s%n";
        String rule = "─".repeat(nameWidth + shapeWidth + 18) + "\n";
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(name()).append("\"\n").append(rule);
        sb.append(String.format(format, "Layer (type)", "Output Shape", "Param #"));
        sb.append(rule.replace('─', '═'));
        for (String[] r : rows) {
            sb.append(String.format(format, (Object[]) r));
        }
        sb.append(rule.replace('─', '═'));
        long total = countParams();
        long trainable = countTrainableParams();
        sb.append(String.format("Total params: %,d%nTrainable params: %,d%nNon-trainable params: %,d%n", total,
                trainable, total - trainable));
        sb.append(rule);
        String text = sb.toString();
        System.out.print(text);
        return text;
    }

    private static String batchShape(int[] shape) {
        return "(None, " + Shape.format(shape).replaceAll("[\\[\\]]", "") + ")";
    }
}
