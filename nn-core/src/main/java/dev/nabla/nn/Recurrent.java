package dev.nabla.nn;

import dev.nabla.autograd.Grad;
import dev.nabla.ops.Ops;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The loop shared by {@link SimpleRNN}, {@link LSTM} and {@link GRU}: a cell applied to the time steps of
 * a batch {@code (batch, time, features)} one after the other, carrying a state, with
 * backpropagation through time done by autograd over the unrolled loop.
 *
 * <pre>
 *   p_t = x_t · kernel + bias                     (all time steps in one matrix product)
 *   (output_t, state_t) = cell(p_t, state_{t−1})   state_0 = initial state or zeros
 * </pre>
 *
 * <p>Keras semantics: the result is the last output {@code (batch, units)}, or every output
 * {@code (batch, time, units)} with {@link #returnSequences}; {@link #goBackwards} reads the
 * sequence from the end and returns the outputs in that (reversed) order; weights are named and laid
 * out as Keras's ({@code kernel (in, k·units)}, {@code recurrent_kernel (units, k·units)},
 * {@code bias}), so Keras weights load unchanged with {@link #setWeights}.
 *
 * <p><b>Masking.</b> A mask {@code (batch, time)} of 1 (real step) and 0 (padding) skips padded
 * steps: there the state is carried over unchanged ({@code state_t = state_{t−1}}) and the output
 * repeats the previous one, as in Keras. The mask comes from {@link #call(Tensor, Tensor)}, from a
 * {@link Masking} layer earlier in a {@link Sequential}, or from {@link #maskValue}.
 *
 * <p>{@link #callWithState} also returns the final states (Keras's {@code return_state}) and takes
 * initial ones; {@link #stream()} runs one time step per call for streaming input.
 *
 * @param <R> the concrete layer type, returned by the fluent setters
 */
public abstract class Recurrent<R extends Recurrent<R>> extends Layer implements MaskConsumer {
    private final int units;
    private boolean returnSequences;
    private boolean goBackwards;
    private Float maskValue;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer recurrentInitializer = Initializers.orthogonal(1.0);
    private Initializer biasInitializer = Initializers.zeros();
    private int features;
    private boolean fused = true;
    private float dropout;
    private float recurrentDropout;
    /** {@code (features, gates·units)}. */
    protected Tensor kernel;
    /** {@code (units, gates·units)}. */
    protected Tensor recurrentKernel;
    /** {@code (gates·units)}, or as {@link #biasShape()} says. */
    protected Tensor bias;

    /** The result of {@link #callWithState}: the output and the final states (for LSTM: h, then c). */
    public record Result(Tensor output, List<Tensor> states) {
    }

    protected Recurrent(int units) {
        if (units < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": units must be ≥ 1, got " + units);
        }
        this.units = units;
    }

    // ------------------------------------------------------------------ the cell

    /** How many state tensors the cell carries: 1 ({@code h}) or 2 ({@code h, c}). */
    protected abstract int stateCount();

    /** How many gate blocks the kernel has side by side: 1 (SimpleRNN), 3 (GRU), 4 (LSTM). */
    protected abstract int gates();

    /**
     * One time step: {@code projected} is {@code x_t·kernel + input bias} {@code (batch, gates·units)},
     * {@code states} the previous states, {@code recurrentDrop} the recurrent dropout mask {@code (batch, units)}
     * to apply to {@code h_{t−1}} before the recurrent kernel (null: none, see {@link #dropped}); returns the
     * new states, the first of which is the output.
     */
    protected abstract List<Tensor> step(Tensor projected, List<Tensor> states, Tensor recurrentDrop);

    /** {@code h ∘ d}: the state as the recurrent kernel sees it under recurrent dropout ({@code d} null: none). */
    protected static Tensor dropped(Tensor h, Tensor recurrentDrop) {
        return recurrentDrop == null ? h : h.mul(recurrentDrop);
    }

    /** Creates {@code kernel}, {@code recurrent_kernel} and {@code bias}; subclasses may override the bias. */
    @Override
    protected void onBuild(int[] inputShape) {
        requireSampleRank(inputShape, 2, "(batch, time, features)");
        features = inputShape[1];
        int width = gates() * units;
        kernel = addWeight("kernel", new int[] {features, width}, kernelInitializer, features, width, true);
        recurrentKernel = addWeight("recurrent_kernel", new int[] {units, width}, recurrentInitializer, units, width,
                true);
        bias = addWeight("bias", biasShape(), biasInitializer, features, width, true);
    }

    /** The bias shape: {@code (gates·units)}; GRU with {@code reset_after} uses {@code (2, 3·units)}. */
    protected int[] biasShape() {
        return new int[] {gates() * units};
    }

    /** The input part of the bias, added to {@code x_t·kernel}. */
    protected Tensor inputBias() {
        return bias;
    }

    // ------------------------------------------------------------------ options

    @SuppressWarnings("unchecked")
    private R self() {
        return (R) this;
    }

    /** The input kernel {@code (features, gates·units)}, or null before the layer is built. */
    public Tensor kernel() {
        return kernel;
    }

    /** The recurrent kernel {@code (units, gates·units)}, or null before the layer is built. */
    public Tensor recurrentKernel() {
        return recurrentKernel;
    }

    /** The bias (shape as {@link #biasShape()}), or null before the layer is built. */
    public Tensor bias() {
        return bias;
    }

    /** The size of the state and of each output. */
    public int units() {
        return units;
    }

    /** Return every output {@code (batch, time, units)} instead of the last one; default false. */
    public R returnSequences(boolean value) {
        this.returnSequences = value;
        return self();
    }

    public boolean returnSequences() {
        return returnSequences;
    }

    /** Read the sequence from its last step to its first (and return outputs in that order); default false. */
    public R goBackwards(boolean value) {
        this.goBackwards = value;
        return self();
    }

    public boolean goBackwards() {
        return goBackwards;
    }

    /**
     * Treats a time step whose features all equal {@code value} as padding (as a Keras {@code Masking}
     * layer in front of this one would); null (the default) turns this off.
     */
    public R maskValue(Float value) {
        this.maskValue = value;
        return self();
    }

    public Float maskValue() {
        return maskValue;
    }

    /**
     * While training, drops each input feature with probability {@code rate} (the same features at every
     * time step of a sequence, as Keras's {@code dropout}); default 0.
     */
    public R dropout(double rate) {
        this.dropout = rate(rate, "dropout");
        return self();
    }

    /**
     * While training, drops each unit of {@code h_{t−1}} where it enters the recurrent kernel with probability
     * {@code rate} (the same units at every step, as Keras's {@code recurrent_dropout}); default 0.
     */
    public R recurrentDropout(double rate) {
        this.recurrentDropout = rate(rate, "recurrent dropout");
        return self();
    }

    private float rate(double rate, String what) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(describe() + ": " + what + " rate must be in [0, 1), got " + rate);
        }
        return (float) rate;
    }

    /** How the input kernel starts; default Glorot uniform (Keras). */
    public R kernelInitializer(Initializer init) {
        this.kernelInitializer = init;
        return self();
    }

    /** How the recurrent kernel starts; default orthogonal (Keras). */
    public R recurrentInitializer(Initializer init) {
        this.recurrentInitializer = init;
        return self();
    }

    /** How the bias starts; default zeros (LSTM adds 1 to the forget gate, see {@link LSTM#unitForgetBias}). */
    public R biasInitializer(Initializer init) {
        this.biasInitializer = init;
        return self();
    }

    protected Initializer biasInitializer() {
        return biasInitializer;
    }

    @Override
    public R name(String newName) {
        super.name(newName);
        return self();
    }

    @Override
    public R seed(long value) {
        super.seed(value);
        return self();
    }

    /**
     * Replaces the weights with ones in Keras's layout: {@code kernel (features, k·units)},
     * {@code recurrent_kernel (units, k·units)} and {@code bias} ({@code (k·units)}, or {@code (2, 3·units)}
     * for a GRU with {@code reset_after}), gates side by side in Keras's order (LSTM i, f, c, o; GRU z, r, h).
     * Builds the layer for {@code (time, features)} inputs first if needed.
     */
    public R setWeights(Tensor kernel, Tensor recurrentKernel, Tensor bias) {
        if (kernel == null || kernel.rank() != 2) {
            throw new IllegalArgumentException(describe() + ": kernel must be (features, " + gates() + "·units), got "
                    + (kernel == null ? "null" : Shape.format(kernel.shape())));
        }
        if (!isBuilt()) {
            build(1, kernel.size(0));
        }
        copyWeight("kernel", kernel);
        copyWeight("recurrent_kernel", recurrentKernel);
        copyWeight("bias", bias);
        return self();
    }

    private void copyWeight(String name, Tensor value) {
        Tensor w = namedWeights().get(name);
        if (value == null || !Arrays.equals(value.shape(), w.shape())) {
            throw new IllegalArgumentException(describe() + ": " + name + " must have shape " + Shape.format(w.shape())
                    + " (Keras layout, gates " + gateOrder() + "), got "
                    + (value == null ? "null" : Shape.format(value.shape())));
        }
        float[] src = value.contiguous().toArray();
        System.arraycopy(src, 0, w.storage(), w.offset(), src.length);
    }

    /** The gate order in the kernel's columns, for messages. */
    protected String gateOrder() {
        return "(one block)";
    }

    // ------------------------------------------------------------------ running

    @Override
    protected Tensor forward(Tensor x) {
        return run(x, maskValue == null ? null : maskFromValue(x, maskValue), null).output();
    }

    /**
     * Applies the layer with an explicit mask {@code (batch, time)} (1 = real step, 0 = padding), or
     * null for none.
     */
    @Override
    public Tensor call(Tensor x, Tensor mask) {
        return callWithState(x, mask, null).output();
    }

    @Override
    public boolean keepsTimeAxis() {
        return returnSequences;
    }

    /**
     * Applies the layer from the given initial states (null: zeros) and returns the output and the final
     * states, each {@code (batch, units)} — Keras's {@code return_state=True}.
     */
    public Result callWithState(Tensor x, Tensor mask, List<Tensor> initialState) {
        if (x == null || x.rank() != 3) {
            throw new IllegalArgumentException(describe() + " expects inputs (batch, time, features), got "
                    + (x == null ? "null" : "shape " + Shape.format(x.shape())));
        }
        if (!isBuilt()) {
            build(x.size(1), x.size(2));
        }
        if (mask == null && maskValue != null) {
            mask = maskFromValue(x, maskValue);
        }
        return run(x, mask, initialState);
    }

    private Result run(Tensor x, Tensor mask, List<Tensor> initialState) {
        if (x.rank() != 3 || x.size(2) != features) {
            throw new IllegalArgumentException(describe() + " expects inputs (batch, time, " + features
                    + "), got shape " + Shape.format(x.shape()));
        }
        int batch = x.size(0);
        int time = x.size(1);
        if (time < 1) {
            throw new IllegalArgumentException(describe() + ": the sequence has no time steps (shape "
                    + Shape.format(x.shape()) + ")");
        }
        List<Tensor> states = initialStates(batch, initialState);
        Tensor recurrentDrop = null;
        if (isTraining() && dropout > 0) {
            x = x.mul(dropoutMask(dropout, batch, 1, features));
        }
        if (isTraining() && recurrentDropout > 0) {
            recurrentDrop = dropoutMask(recurrentDropout, batch, units);
        }
        // Time-major, so that the projection of step t is one contiguous block; the projection of all steps is
        // one (time·batch, features) · (features, gates·units) product (as a 3-D · 2-D matmul it would be `time`
        // small products against `time` copies of the kernel, and its gradient a sum over those copies).
        int width = kernel.size(1);
        Tensor projected = Ops.contiguous(x.permute(1, 0, 2)).reshape(time * batch, features).matmul(kernel)
                .add(inputBias()).reshape(time, batch, width);
        Tensor timeMask = mask == null ? null : Ops.contiguous(checkedMask(mask, batch, time).transpose(0, 1));
        if (goBackwards) {
            int[] reversed = reversed(time);
            projected = Ops.indexSelect(projected, 0, reversed);
            timeMask = timeMask == null ? null : Ops.indexSelect(timeMask, 0, reversed);
        }
        Result sequence = fused ? fusedSequence(projected, states, timeMask, recurrentDrop) : null;
        if (sequence == null) {
            sequence = stepByStep(projected, states, timeMask, recurrentDrop);
        }
        Tensor all = sequence.output(); // (time, batch, units), in reading order
        Tensor output = returnSequences ? Ops.contiguous(all.permute(1, 0, 2))
                : all.slice(0, time - 1, time).reshape(batch, units);
        return new Result(output, sequence.states());
    }

    /** The literal loop: {@link #step} at every time step; returns all outputs (time-major) and the final states. */
    private Result stepByStep(Tensor projected, List<Tensor> states, Tensor timeMask, Tensor recurrentDrop) {
        int time = projected.size(0);
        int batch = projected.size(1);
        Tensor[] outputs = new Tensor[time];
        for (int t = 0; t < time; t++) {
            Tensor pt = projected.slice(0, t, t + 1).reshape(batch, projected.size(2));
            List<Tensor> next = step(pt, states, recurrentDrop);
            if (timeMask != null) {
                Tensor m = timeMask.slice(0, t, t + 1).reshape(batch, 1);
                List<Tensor> kept = new ArrayList<>(next.size());
                for (int i = 0; i < next.size(); i++) {
                    Tensor old = states.get(i);
                    kept.add(old.add(next.get(i).sub(old).mul(m)));
                }
                next = kept;
            }
            states = next;
            outputs[t] = states.get(0);
        }
        return new Result(Ops.stack(0, outputs), List.copyOf(states));
    }

    /**
     * The same loop as one fused op, or null where there is none (the default). Gets the time-major
     * projection {@code (time, batch, gates·units)}, the initial states, the time-major mask
     * {@code (time, batch)} or null and the recurrent dropout mask {@code (batch, units)} or null; returns all
     * outputs {@code (time, batch, units)} and the final states.
     */
    protected Result fusedSequence(Tensor projected, List<Tensor> states, Tensor timeMask, Tensor recurrentDrop) {
        return null;
    }

    /**
     * Whether to run whole sequences through the fused kernel (default true, where the layer has one)
     * or through the literal loop of {@link #step} calls — slower, but every gate is a visible graph node.
     * Both compute the same values and gradients. Not saved in the config.
     */
    public R fused(boolean value) {
        this.fused = value;
        return self();
    }

    private List<Tensor> initialStates(int batch, List<Tensor> given) {
        List<Tensor> states = new ArrayList<>();
        if (given == null) {
            for (int i = 0; i < stateCount(); i++) {
                states.add(Tensor.zeros(batch, units));
            }
            return states;
        }
        if (given.size() != stateCount()) {
            throw new IllegalArgumentException(describe() + " expects " + stateCount() + " initial state tensor(s) "
                    + stateNames() + ", got " + given.size());
        }
        for (int i = 0; i < given.size(); i++) {
            Tensor s = given.get(i);
            if (s == null || !Arrays.equals(s.shape(), new int[] {batch, units})) {
                throw new IllegalArgumentException(describe() + ": initial state " + i + " must have shape (" + batch
                        + ", " + units + ") = (batch, units), got " + (s == null ? "null" : Shape.format(s.shape())));
            }
            states.add(s);
        }
        return states;
    }

    /** The states' names, for messages: {@code [h]} or {@code [h, c]}. */
    protected String stateNames() {
        return "[h]";
    }

    private Tensor checkedMask(Tensor mask, int batch, int time) {
        if (mask.rank() != 2 || mask.size(0) != batch || mask.size(1) != time) {
            throw new IllegalArgumentException(describe() + ": the mask must have shape (" + batch + ", " + time
                    + ") = (batch, time), got " + Shape.format(mask.shape()));
        }
        Tensor m = mask.detach();
        for (float v : m.contiguous().toArray()) {
            if (v != 0f && v != 1f) {
                throw new IllegalArgumentException(describe() + ": mask values must be 0 (padding) or 1 (real step), got "
                        + v);
            }
        }
        return m;
    }

    /** {@code [n−1, …, 1, 0]}: the indices that read a time axis of {@code n} steps backwards. */
    static int[] reversed(int n) {
        int[] order = new int[n];
        for (int t = 0; t < n; t++) {
            order[t] = n - 1 - t;
        }
        return order;
    }

    /** Zeros (probability {@code rate}) and {@code 1/(1 − rate)}, drawn from this layer's seeded generator. */
    private Tensor dropoutMask(float rate, int... shape) {
        Tensor ones = Tensor.ones(shape);
        return Ops.dropout(ones, rate, true, random());
    }

    /** {@code mask[b, t] = 1} unless every feature of step t of sample b equals {@code value}. */
    static Tensor maskFromValue(Tensor x, float value) {
        try (Grad.Scope off = Grad.off()) {
            return Ops.max(Ops.ne(x.detach(), Tensor.scalar(value)), new int[] {2}, false);
        }
    }

    // ------------------------------------------------------------------ shapes and config

    @Override
    public int[] outputShape(int[] inputShape) {
        requireSampleRank(inputShape, 2, "(batch, time, features)");
        return returnSequences ? new int[] {inputShape[0], units} : new int[] {units};
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("units", units);
        c.put("return_sequences", returnSequences);
        c.put("go_backwards", goBackwards);
        if (maskValue != null) {
            c.put("mask_value", maskValue.doubleValue());
        }
        c.put("dropout", (double) dropout);
        c.put("recurrent_dropout", (double) recurrentDropout);
        c.put("kernel_initializer", kernelInitializer.getConfig());
        c.put("recurrent_initializer", recurrentInitializer.getConfig());
        c.put("bias_initializer", biasInitializer.getConfig());
        return c;
    }

    /** Applies the options common to all recurrent layers from a config. */
    static <L extends Recurrent<L>> L configured(L layer, Map<String, Object> c) {
        layer.returnSequences(Config.bool(c, "return_sequences", false))
                .goBackwards(Config.bool(c, "go_backwards", false))
                .dropout(Config.number(c, "dropout", 0.0))
                .recurrentDropout(Config.number(c, "recurrent_dropout", 0.0))
                .kernelInitializer(Initializers.fromConfig(c, "kernel_initializer", Initializers.glorotUniform()))
                .recurrentInitializer(Initializers.fromConfig(c, "recurrent_initializer", Initializers.orthogonal(1.0)))
                .biasInitializer(Initializers.fromConfig(c, "bias_initializer", Initializers.zeros()));
        if (c.get("mask_value") != null) {
            layer.maskValue((float) Config.number(c, "mask_value"));
        }
        return named(layer, c);
    }

    // ------------------------------------------------------------------ streaming

    /**
     * A step-by-step runner for streaming input: each {@link Stream#step} takes one time step
     * {@code (batch, features)} and returns the output {@code (batch, units)}, keeping the states between
     * calls (Keras's {@code stateful=True}). Equivalent to running the whole sequence at once.
     */
    public Stream stream() {
        if (goBackwards) {
            throw new IllegalStateException(describe() + " reads its sequence backwards, so it cannot run one step "
                    + "at a time as the input arrives");
        }
        return new Stream();
    }

    /** The states of a {@link Recurrent} layer carried from one streamed step to the next. */
    public final class Stream {
        private List<Tensor> states;

        private Stream() {
        }

        /** Advances by one time step {@code (batch, features)}; returns the output {@code (batch, units)}. */
        public Tensor step(Tensor xt) {
            if (xt == null || xt.rank() != 2) {
                throw new IllegalArgumentException(describe() + ": a streamed step must be (batch, features), got "
                        + (xt == null ? "null" : "shape " + Shape.format(xt.shape())));
            }
            if (!isBuilt()) {
                build(1, xt.size(1));
            }
            if (xt.size(1) != features) {
                throw new IllegalArgumentException(describe() + ": a streamed step must be (batch, " + features
                        + "), got shape " + Shape.format(xt.shape()));
            }
            if (states != null && states.get(0).size(0) != xt.size(0)) {
                throw new IllegalArgumentException(describe() + ": the stream holds states for batch "
                        + states.get(0).size(0) + ", got a step of batch " + xt.size(0) + " (call reset() first)");
            }
            if (states == null) {
                states = initialStates(xt.size(0), null);
            }
            Tensor projected = xt.matmul(kernel).add(inputBias());
            states = List.copyOf(Recurrent.this.step(projected, states, null));
            return states.get(0);
        }

        /** The current states (null before the first step). */
        public List<Tensor> states() {
            return states;
        }

        /** Forgets the states: the next step starts from zeros. */
        public void reset() {
            states = null;
        }
    }
}
