package dev.nabla.optim;

import dev.nabla.backend.Backends;
import dev.nabla.backend.OptimizerUpdate;
import dev.nabla.ops.Check;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Updates weights in place from their accumulated gradients, as a Keras optimizer or a PyTorch
 * {@code torch.optim.Optimizer}.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(1e-3).clipNorm(1.0);
 * loss.backward();          // fills w.grad() for every weight w
 * opt.step(weights);        // w ← w − update(w.grad(), state of w)
 * opt.zeroGrad(weights);    // ready for the next batch
 * }</pre>
 *
 * <p>One {@link #step} does, for the parameters that have a gradient (the others are skipped):
 * <ol>
 *   <li>gradient clipping, if set: with {@link #clipNorm(double) clipNorm c} every gradient is
 *       scaled by {@code c / max(‖g‖, c)}, where {@code ‖g‖ = sqrt(Σ_params Σ_i g_i²)} is the global
 *       norm over all parameters (Keras {@code global_clipnorm}, PyTorch {@code clip_grad_norm_});
 *       then with {@link #clipValue(double) clipValue v} each element is clamped to
 *       {@code [−v, v]}. The gradient tensors themselves are not changed;</li>
 *   <li>the learning rate {@code lr = schedule(iterations)} (or the constant);</li>
 *   <li>the optimizer's own rule (see each subclass) on each parameter, written straight into the
 *       parameter's storage: plain {@code float} loops, no graph, no per-element objects;</li>
 *   <li>{@code iterations += 1}.</li>
 * </ol>
 *
 * <p>Per-parameter state (moment estimates, accumulators) is created on a parameter's first
 * update, keyed by the tensor's identity, and can be saved with {@link #state} and restored with
 * {@link #loadState} for an exact resume. Parameters must be contiguous leaf tensors (weights
 * made by layers are). An optimizer is not thread-safe.
 */
public abstract class Optimizer {
    private final String name;
    private double learningRate;
    private LearningRateSchedule schedule;
    private long iterations;
    private double clipNorm = Double.NaN;
    private double clipValue = Double.NaN;
    private final Map<Tensor, Slots> slots = new IdentityHashMap<>();
    private List<Tensor> lastParameters = List.of();
    private float[] scratch = new float[0];

    Optimizer(String name, double learningRate) {
        this.name = name;
        this.learningRate = Check.learningRate(name, learningRate);
    }

    Optimizer(String name, LearningRateSchedule schedule) {
        this.name = name;
        if (schedule == null) {
            throw new IllegalArgumentException(name + ": learning-rate schedule must not be null");
        }
        this.schedule = schedule;
    }

    // ------------------------------------------------------------------ the subclass contract

    /**
     * Applies the update rule to {@code n} elements: weights {@code w[wo…wo+n)}, (clipped)
     * gradient {@code g[go…go+n)}. {@code state.steps()} is this parameter's update count
     * including the current one (1 on the first update).
     */
    void update(float[] w, int wo, float[] g, int go, int n, Slots state, double lr) {
        throw new IllegalStateException(name + " has no host update rule");
    }

    /**
     * The update of this step as an element-wise rule a {@link dev.nabla.backend.Backend} runs
     * ({@link dev.nabla.backend.Backend#optimizerUpdate}, on the device for an accelerated one), or
     * null when this optimizer updates on the host only ({@link #update}). {@code state.steps()}
     * already counts the current update.
     */
    OptimizerUpdate backendRule(Slots state, double lr) {
        return null;
    }

    /** The slot names of {@link #backendRule}'s state arrays, in the order the rule takes them. */
    String[] backendSlots(OptimizerUpdate rule) {
        return new String[0];
    }

    /**
     * The names of every per-parameter state array ("slot") this kind of optimizer may create,
     * e.g. {@code momentum}, {@code velocity}, {@code velocity_hat} for Adam; {@link #loadState}
     * accepts no others.
     */
    public abstract Set<String> slotNames();

    /**
     * The slots that every parameter holds once it has been updated, with the hyper-parameters
     * as they are now (Adam: {@code momentum} and {@code velocity}, plus {@code velocity_hat} with
     * AMSGrad; plain SGD: none). {@link #loadState} rejects a state whose updated parameters lack
     * one of them, since resuming would silently restart that slot from its initial value.
     */
    public abstract Set<String> slotNamesInUse();

    /** Adds the subclass's hyper-parameters (Keras names) to the config. */
    abstract void addConfig(Map<String, Object> config);

    /** Rejects hyper-parameter combinations before anything is updated. Default: all are fine. */
    void checkCombination() {
    }

    // ------------------------------------------------------------------ stepping

    /**
     * Updates every parameter that has a gradient, in place, then counts one iteration.
     *
     * @throws IllegalArgumentException if a parameter is not a contiguous leaf, or its gradient
     *                                  has a different number of elements
     * @throws IllegalStateException    if the schedule gives a bad rate, or the global gradient
     *                                  norm is not finite while {@link #clipNorm} is set
     */
    public final void step(List<Tensor> parameters) {
        if (parameters == null) {
            throw new IllegalArgumentException(name + ".step: parameters must not be null");
        }
        for (int i = 0; i < parameters.size(); i++) {
            checkParameter(i, parameters.get(i));
        }
        checkCombination();
        double lr = currentLearningRate();
        float scale = clipScale(parameters);
        boolean clipByValue = !Double.isNaN(clipValue);
        float limit = (float) clipValue;
        for (Tensor p : parameters) {
            Tensor grad = p.grad();
            if (grad == null) {
                continue;
            }
            int n = p.numel();
            boolean asIs = scale == 1f && !clipByValue && grad.isContiguous();
            Slots state = slots.get(p);
            if (state == null) {
                state = new Slots();
                slots.put(p, state);
            }
            state.steps++;
            OptimizerUpdate rule = backendRule(state, lr);
            if (rule != null) {
                // the backend's rule: on the device for an accelerated backend (clipping happens here, on the host)
                Tensor g = asIs ? grad : Tensor.view(clipped(grad, n, scale, clipByValue, limit),
                        new int[] {n}, new int[] {1}, 0);
                String[] names = backendSlots(rule);
                Tensor[] slotTensors = new Tensor[names.length];
                for (int i = 0; i < names.length; i++) {
                    slotTensors[i] = state.tensor(names[i], n);
                }
                Backends.current().optimizerUpdate(rule, p, g, slotTensors);
                continue;
            }
            float[] g;
            int go;
            if (asIs) {
                g = grad.storage();
                go = grad.offset();
            } else {
                g = clipped(grad, n, scale, clipByValue, limit);
                go = 0;
            }
            update(p.storage(), p.offset(), g, go, n, state, lr);
        }
        iterations++;
        remember(parameters);
    }

    /** Keeps the list of the latest step for {@link #state()}, copying only when it changed. */
    private void remember(List<Tensor> parameters) {
        boolean same = parameters.size() == lastParameters.size();
        for (int i = 0; same && i < parameters.size(); i++) {
            same = parameters.get(i) == lastParameters.get(i);
        }
        if (!same) {
            lastParameters = List.copyOf(parameters);
        }
    }

    /** Clears the gradients of the given parameters ({@link Tensor#zeroGrad()} on each). */
    public void zeroGrad(List<Tensor> parameters) {
        if (parameters == null) {
            throw new IllegalArgumentException(name + ".zeroGrad: parameters must not be null");
        }
        parameters.forEach(Tensor::zeroGrad);
    }

    private void checkParameter(int index, Tensor p) {
        if (p == null) {
            throw new IllegalArgumentException(name + ".step: parameter " + index + " is null");
        }
        if (!p.isLeaf()) {
            throw new IllegalArgumentException(name + ".step: parameter " + index + " (shape "
                    + Shape.format(p.shape()) + ") was computed by " + p.gradFn().name()
                    + "; only leaf tensors can be optimised");
        }
        if (!p.isContiguous()) {
            throw new IllegalArgumentException(name + ".step: parameter " + index + " (shape "
                    + Shape.format(p.shape()) + ") is not contiguous; optimizers update weights in place "
                    + "and need contiguous leaf tensors");
        }
        Tensor grad = p.grad();
        if (grad != null && grad.numel() != p.numel()) {
            throw new IllegalArgumentException(name + ".step: parameter " + index + " has shape "
                    + Shape.format(p.shape()) + " but its gradient has shape " + Shape.format(grad.shape()));
        }
    }

    /** {@code c / max(‖g‖, c)} with the global norm, or 1 without norm clipping. */
    private float clipScale(List<Tensor> parameters) {
        if (Double.isNaN(clipNorm)) {
            return 1f;
        }
        double sumSquares = 0;
        for (Tensor p : parameters) {
            Tensor grad = p.grad();
            if (grad == null) {
                continue;
            }
            float[] g = grad.isContiguous() ? grad.storage() : grad.toArray();
            int go = grad.isContiguous() ? grad.offset() : 0;
            for (int i = go, end = go + grad.numel(); i < end; i++) {
                sumSquares += (double) g[i] * g[i];
            }
        }
        double norm = Math.sqrt(sumSquares);
        if (!Double.isFinite(norm)) {
            throw new IllegalStateException(name + ".step: the global gradient norm is " + norm
                    + "; clipping cannot repair a NaN or infinite gradient (check the loss and inputs)");
        }
        return (float) (clipNorm / Math.max(norm, clipNorm));
    }

    /** The gradient scaled and clamped into the scratch buffer. */
    private float[] clipped(Tensor grad, int n, float scale, boolean clipByValue, float limit) {
        if (scratch.length < n) {
            scratch = new float[n];
        }
        float[] src = grad.isContiguous() ? grad.storage() : grad.toArray();
        int so = grad.isContiguous() ? grad.offset() : 0;
        float[] out = scratch;
        for (int i = 0; i < n; i++) {
            float v = src[so + i] * scale;
            out[i] = clipByValue ? Math.max(-limit, Math.min(limit, v)) : v;
        }
        return out;
    }

    // ------------------------------------------------------------------ learning rate and clipping

    /**
     * The learning rate the next {@link #step} will use: the constant, or the schedule at the
     * current iteration count.
     *
     * @throws IllegalStateException if the schedule gives a negative, NaN or infinite rate
     */
    public double currentLearningRate() {
        if (schedule == null) {
            return learningRate;
        }
        double rate = schedule.rate(iterations);
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalStateException(name + ": learning-rate schedule " + describe(schedule)
                    + " gave " + rate + " at step " + iterations + "; a learning rate must be finite and >= 0");
        }
        return rate;
    }

    /**
     * Replaces the constant learning rate (used by callbacks such as {@code ReduceLROnPlateau}).
     *
     * @throws IllegalStateException    if this optimizer follows a {@link LearningRateSchedule}: as
     *                                  in Keras, its rate is a function of the step and cannot be set
     * @throws IllegalArgumentException if {@code rate} is negative, NaN or infinite
     */
    public void setLearningRate(double rate) {
        if (schedule != null) {
            throw new IllegalStateException(name + ": the learning rate follows the schedule "
                    + describe(schedule) + " and cannot be set to " + rate
                    + "; use a constant learning rate with callbacks that change it");
        }
        this.learningRate = Check.learningRate(name, rate);
    }

    /** The schedule, or null when the learning rate is a constant. */
    public LearningRateSchedule learningRateSchedule() {
        return schedule;
    }

    /** The number of {@link #step} calls made (Keras {@code optimizer.iterations}). */
    public long iterations() {
        return iterations;
    }

    /**
     * Clips gradients by their global norm before each update: {@code g ← g · c / max(‖g‖, c)}
     * with {@code ‖g‖} over all parameters together (Keras {@code global_clipnorm}).
     */
    public Optimizer clipNorm(double maxNorm) {
        this.clipNorm = Check.positive(name, "global_clipnorm", maxNorm);
        return this;
    }

    /** Clamps each gradient element to {@code [−v, v]} before each update (Keras {@code clipvalue}). */
    public Optimizer clipValue(double maxValue) {
        this.clipValue = Check.positive(name, "clipvalue", maxValue);
        return this;
    }

    // ------------------------------------------------------------------ config and state

    /** The optimizer's class name ({@code "Adam"}). */
    public String name() {
        return name;
    }

    /**
     * The hyper-parameters with Keras's names: {@code "name"}, {@code "learning_rate"} (a number,
     * or {@code {"class_name": …, "config": …}} for a schedule), the optimizer's own
     * ({@code "beta_1"}, …), {@code "global_clipnorm"} and {@code "clipvalue"} (null when unset).
     * The map is unmodifiable.
     */
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name);
        if (schedule == null) {
            config.put("learning_rate", learningRate);
        } else {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("class_name", schedule.getClass().getSimpleName());
            s.put("config", schedule.getConfig());
            config.put("learning_rate", Collections.unmodifiableMap(s));
        }
        addConfig(config);
        config.put("global_clipnorm", Double.isNaN(clipNorm) ? null : clipNorm);
        config.put("clipvalue", Double.isNaN(clipValue) ? null : clipValue);
        return Collections.unmodifiableMap(config);
    }

    /**
     * The state for the parameter list of the latest {@link #step} (or {@link #loadState}), by
     * index in that list.
     */
    public OptimizerState state() {
        return state(lastParameters);
    }

    /** The state for the given parameters, by their index in {@code parameters}. */
    public OptimizerState state(List<Tensor> parameters) {
        if (parameters == null) {
            throw new IllegalArgumentException(name + ".state: parameters must not be null");
        }
        List<OptimizerState.Parameter> out = new ArrayList<>(parameters.size());
        for (Tensor p : parameters) {
            Slots s = slots.get(p);
            out.add(s == null ? new OptimizerState.Parameter(0, Map.of())
                    : new OptimizerState.Parameter(s.steps, s.hostArrays()));
        }
        double rate = schedule == null ? learningRate : Double.NaN;
        return new OptimizerState(name, iterations, rate, out);
    }

    /**
     * Restores a {@link #state} onto {@code parameters} (same order, same shapes), replacing all
     * current per-parameter state; the arrays are copied. Also restores the iteration count and,
     * for a constant learning rate, the rate saved with the state. Nothing changes if the state
     * does not fit.
     *
     * @throws IllegalArgumentException naming the mismatch: another optimizer, another number of
     *                                  parameters, an unknown slot, an array of the wrong length, an
     *                                  updated parameter without one of {@link #slotNamesInUse()},
     *                                  slots on a parameter with no updates
     */
    public void loadState(OptimizerState state, List<Tensor> parameters) {
        if (state == null || parameters == null) {
            throw new IllegalArgumentException(name + ".loadState: state and parameters must not be null");
        }
        if (!state.optimizer().equals(name)) {
            throw new IllegalArgumentException(name + ".loadState: the state was saved by " + state.optimizer());
        }
        if (state.parameters().size() != parameters.size()) {
            throw new IllegalArgumentException(name + ".loadState: the state holds " + state.parameters().size()
                    + " parameters, " + parameters.size() + " were given");
        }
        List<Slots> restored = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            restored.add(restore(i, state.parameters().get(i), parameters.get(i)));
        }
        slots.clear();
        for (int i = 0; i < parameters.size(); i++) {
            if (restored.get(i) != null) {
                slots.put(parameters.get(i), restored.get(i));
            }
        }
        lastParameters = List.copyOf(parameters);
        iterations = state.iterations();
        if (schedule == null && state.learningRate() >= 0 && Double.isFinite(state.learningRate())) {
            learningRate = state.learningRate();
        }
    }

    private Slots restore(int index, OptimizerState.Parameter saved, Tensor p) {
        if (p == null) {
            throw new IllegalArgumentException(name + ".loadState: parameter " + index + " is null");
        }
        Map<String, float[]> arrays = saved.slots();
        if (saved.steps() == 0 && arrays.isEmpty()) {
            return null;
        }
        if (saved.steps() == 0) {
            throw new IllegalArgumentException(name + ".loadState: parameter " + index + " has slots "
                    + arrays.keySet() + " but no updates (steps = 0)");
        }
        for (String required : slotNamesInUse()) {
            if (!arrays.containsKey(required)) {
                throw new IllegalArgumentException(name + ".loadState: parameter " + index + " was updated "
                        + saved.steps() + " times but has no slot '" + required + "' (it has " + arrays.keySet()
                        + "; " + this + " needs " + slotNamesInUse() + ")");
            }
        }
        Slots s = new Slots();
        s.steps = saved.steps();
        for (Map.Entry<String, float[]> e : arrays.entrySet()) {
            if (!slotNames().contains(e.getKey())) {
                throw new IllegalArgumentException(name + ".loadState: parameter " + index + " has slot '"
                        + e.getKey() + "', expected one of " + slotNames());
            }
            if (e.getValue().length != p.numel()) {
                throw new IllegalArgumentException(name + ".loadState: slot '" + e.getKey() + "' of parameter "
                        + index + " has " + e.getValue().length + " values, the parameter (shape "
                        + Shape.format(p.shape()) + ") has " + p.numel());
            }
            s.arrays.put(e.getKey(), Tensor.wrap(e.getValue(), e.getValue().length));
        }
        return s;
    }

    private static String describe(LearningRateSchedule schedule) {
        String cls = schedule.getClass().getSimpleName();
        Map<String, Object> config = schedule.getConfig();
        return config.isEmpty() ? cls : cls + config;
    }

    /** {@code Adam{learning_rate=0.001, beta_1=0.9, …}}. */
    @Override
    public String toString() {
        Map<String, Object> config = new LinkedHashMap<>(getConfig());
        config.remove("name");
        return name + config;
    }

    /**
     * One parameter's update count and named state arrays, created on demand. The arrays are held as
     * tensors so that a backend can keep them on its device next to the parameter
     * ({@link dev.nabla.backend.Backend#optimizerUpdate}); reading them downloads.
     */
    static final class Slots {
        private long steps;
        private final Map<String, Tensor> arrays = new LinkedHashMap<>();

        /** The update count including the current update. */
        long steps() {
            return steps;
        }

        /** The slot array {@code name} of {@code n} elements, created filled with {@code initial}. */
        float[] get(String name, int n, float initial) {
            return tensor(name, n, initial).storage();
        }

        /** The slot {@code name} of {@code n} elements as a tensor, created filled with {@code initial}. */
        Tensor tensor(String name, int n, float initial) {
            Tensor t = arrays.get(name);
            if (t == null) {
                float[] a = new float[n];
                if (initial != 0f) {
                    Arrays.fill(a, initial);
                }
                t = Tensor.wrap(a, n);
                arrays.put(name, t);
            }
            return t;
        }

        /** The slot {@code name} of {@code n} zeros on first use, as a tensor. */
        Tensor tensor(String name, int n) {
            return tensor(name, n, 0f);
        }

        /** Host copies of the slot arrays (device-resident ones are downloaded, and stay valid there). */
        Map<String, float[]> hostArrays() {
            Map<String, float[]> out = new LinkedHashMap<>();
            arrays.forEach((k, t) -> out.put(k, t.toArray()));
            return out;
        }

        /** The slot array {@code name} of {@code n} zeros on first use. */
        float[] get(String name, int n) {
            return get(name, n, 0f);
        }
    }
}
