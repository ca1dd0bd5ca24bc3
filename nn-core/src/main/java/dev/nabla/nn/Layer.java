package dev.nabla.nn;

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
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * A building block of a model, as a Keras layer: it creates its weights lazily from the shape of
 * the first input it sees ({@link #build}), then maps inputs to outputs ({@link #call}).
 *
 * <p>Shapes given to {@link #build} and {@link #outputShape} leave out the batch axis, as in
 * Keras's {@code summary()}. Weights are leaf tensors with {@code requiresGrad}, named
 * ({@code "kernel"}, {@code "bias"}, …) for save/load; a layer made of other layers
 * {@linkplain #track tracks} them and their weights appear under {@code child/name}.
 *
 * <p>A subclass implements {@link #forward}, {@link #outputShape}, usually {@link #onBuild} (create
 * weights with {@link #addWeight}) and {@link #getConfig} (its constructor arguments, so that
 * {@link Layers#fromConfig} can rebuild it).
 */
public abstract class Layer {
    private java.util.function.Consumer<Tensor> outputObserver;
    private static final Map<String, AtomicInteger> NAME_COUNTERS = new ConcurrentHashMap<>();
    /** Seeds for layers nobody seeded: a fixed sequence, so a program run twice builds the same weights. */
    private static final SplittableRandom UNSEEDED = new SplittableRandom(0x5EEDL);

    private String name;
    private int[] inputShape;
    private boolean training;
    private Long seed;
    private RandomGenerator random;
    private final Map<String, Tensor> weights = new LinkedHashMap<>();
    private final List<Layer> children = new ArrayList<>();

    /**
     * A layer named after its class in snake case, numbered when the name is taken ({@code dense}, {@code
     * dense_1}, …).
     */
    protected Layer() {
        this.name = uniqueName(snakeCase(getClass().getSimpleName()));
    }

    // ------------------------------------------------------------------ the contract

    /** Creates the weights for inputs of {@code inputShape} (no batch axis). Default: none. */
    protected void onBuild(int[] inputShape) {
    }

    /** Computes the output for a batch (the batch axis comes first). */
    protected abstract Tensor forward(Tensor x);

    /** The output shape for an input shape, both without the batch axis. */
    public abstract int[] outputShape(int[] inputShape);

    /**
     * The arguments that rebuild this layer, with Keras's names ({@code "units"},
     * {@code "activation"}, …), plus {@code "name"}. Subclasses add to {@code super.getConfig()}.
     */
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name);
        if (seed != null) {
            config.put("seed", seed);
        }
        return config;
    }

    // ------------------------------------------------------------------ using a layer

    /** Builds on first use, then applies the layer; errors name this layer. */
    public Tensor call(Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException(describe() + ": input must not be null");
        }
        if (x.rank() < 1) {
            throw new IllegalArgumentException(describe() + ": expected a batch (rank ≥ 1), got a scalar");
        }
        int[] shape = x.shape();
        if (!isBuilt()) {
            build(Arrays.copyOfRange(shape, 1, shape.length));
        }
        try {
            Tensor y = forward(x);
            if (outputObserver != null) {
                outputObserver.accept(y);
            }
            return y;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("layer '")) {
                throw e; // already names the innermost layer
            }
            throw new IllegalArgumentException(describe() + " (built for input " + Shape.format(inputShape)
                    + ", called with batch " + Shape.format(shape) + "): " + e.getMessage(), e);
        }
    }

    /**
     * Sets a function told every output of {@link #call} (null removes it); e.g. Grad-CAM keeps the
     * activation of a named layer inside a composite model and calls {@link Tensor#retainGrad()} on it,
     * so that after {@code backward()} the gradient of a score with respect to that activation is known.
     * Not saved with the layer.
     */
    public void observeOutput(java.util.function.Consumer<Tensor> observer) {
        this.outputObserver = observer;
    }

    /** Creates the weights for inputs of this shape (no batch axis); does nothing if already built. */
    public Layer build(int... inputShape) {
        if (isBuilt()) {
            return this;
        }
        for (int d : inputShape) {
            if (d < 1) {
                throw new IllegalArgumentException(describe() + ": cannot build for input shape "
                        + Shape.format(inputShape) + " (every dimension must be ≥ 1)");
            }
        }
        long base = effectiveSeed();
        for (int i = 0; i < children.size(); i++) {
            Layer child = children.get(i);
            if (child.seed == null) {
                child.seed(base * 1_000_003L + i);
            }
        }
        try {
            onBuild(inputShape.clone());
            outputShape(inputShape.clone());
        } catch (IllegalArgumentException e) {
            weights.clear();
            if (e.getMessage() != null && e.getMessage().startsWith(describe())) {
                throw e; // already names this layer and the shape
            }
            throw new IllegalArgumentException(describe() + ": cannot build for input shape "
                    + Shape.format(inputShape) + ": " + e.getMessage(), e);
        }
        this.inputShape = inputShape.clone();
        namedWeights(); // fails now, not at save time, if two sublayers share a name
        return this;
    }

    /** Whether the weights exist (after {@link #build} or the first {@link #call}). */
    public boolean isBuilt() {
        return inputShape != null;
    }

    /** The input shape (no batch axis) this layer was built for, or null. */
    public int[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    /**
     * The layer's name, unique per class in this process unless set with {@link #name(String)}; prefixes
     * its weights' names.
     */
    public String name() {
        return name;
    }

    /** Renames the layer (before building it into a model, so weight names follow). */
    public Layer name(String newName) {
        if (newName == null || newName.isBlank() || newName.contains("/")) {
            throw new IllegalArgumentException(describe() + ": a layer name must be non-blank and contain no '/', got '"
                    + newName + "'");
        }
        this.name = newName;
        return this;
    }

    /** Fixes the seed of this layer's random numbers (initial weights, dropout masks). */
    public Layer seed(long value) {
        this.seed = value;
        this.random = null;
        return this;
    }

    /** The seed set with {@link #seed(long)}, or null. */
    public Long seed() {
        return seed;
    }

    /** Switches training behaviour (dropout, batch statistics) for this layer and its children. */
    public void setTraining(boolean training) {
        this.training = training;
        for (Layer child : children) {
            child.setTraining(training);
        }
    }

    /** Whether the layer behaves as in training (see {@link #setTraining}); false until {@code fit} sets it. */
    public boolean isTraining() {
        return training;
    }

    // ------------------------------------------------------------------ weights

    /** All weights by name (children's under {@code child/name}), in creation order. */
    public Map<String, Tensor> namedWeights() {
        Map<String, Tensor> all = new LinkedHashMap<>(weights);
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Layer child : children) {
            if (!seen.add(child)) {
                continue; // a layer used twice owns its weights once
            }
            for (Map.Entry<String, Tensor> e : child.namedWeights().entrySet()) {
                String key = child.name() + "/" + e.getKey();
                if (all.put(key, e.getValue()) != null) {
                    throw new IllegalStateException(describe() + ": two sublayers are named '" + child.name()
                            + "'; give them distinct names so their weights can be saved and loaded");
                }
            }
        }
        return all;
    }

    /** Weights the optimizer updates. */
    public List<Tensor> trainableWeights() {
        return weightsWhere(true);
    }

    /** Weights updated by the layer itself (e.g. batch-norm moving statistics). */
    public List<Tensor> nonTrainableWeights() {
        return weightsWhere(false);
    }

    private List<Tensor> weightsWhere(boolean trainable) {
        List<Tensor> list = new ArrayList<>();
        for (Tensor w : namedWeights().values()) {
            if (w.requiresGrad() == trainable) {
                list.add(w);
            }
        }
        return list;
    }

    /** Number of weight values (trainable and not). */
    public long countParams() {
        long n = 0;
        for (Tensor w : namedWeights().values()) {
            n += w.numel();
        }
        return n;
    }

    /** Number of trainable weight values. */
    public long countTrainableParams() {
        long n = 0;
        for (Tensor w : trainableWeights()) {
            n += w.numel();
        }
        return n;
    }

    /** Sublayers tracked by this layer, in order. */
    public List<Layer> children() {
        return Collections.unmodifiableList(children);
    }

    /** Creates a named weight with its initializer; call from {@link #onBuild}. */
    protected final Tensor addWeight(String weightName, int[] shape, Initializer init, int fanIn, int fanOut,
                                     boolean trainable) {
        if (weights.containsKey(weightName)) {
            throw new IllegalStateException(describe() + ": weight '" + weightName + "' already exists");
        }
        Tensor made = init.initialize(shape, fanIn, fanOut, random());
        // A weight outlives the training step that may have built it: never keep a step's pooled buffer.
        Tensor w = made.isPooled() ? made.copyData() : made.detach();
        w.requiresGrad(trainable);
        weights.put(weightName, w);
        return w;
    }

    /** Registers a sublayer so its weights and training flag follow this layer's. */
    protected final <L extends Layer> L track(L child) {
        if (child == null) {
            throw new IllegalArgumentException(describe() + ": cannot track a null layer");
        }
        children.add(child);
        return child;
    }

    /**
     * This layer's random generator. Its seed is the one given to {@link #seed(long)}, or one
     * derived from the parent's seed and the layer's position (set when the parent is built), or
     * else the next value of a fixed process-wide sequence.
     */
    protected final RandomGenerator random() {
        if (random == null) {
            random = new SplittableRandom(effectiveSeed());
        }
        return random;
    }

    /**
     * Restarts the random stream of this built layer and its built children (dropout masks) at a
     * point fixed by the layer's seed and {@code epoch}. The trainer calls it at the start of every
     * epoch, so a run resumed from a checkpoint draws the same masks as one that never stopped.
     * Layers not yet built are left alone: their first draws still make their initial weights.
     */
    public void restartRandomAt(long epoch) {
        if (!isBuilt()) {
            return;
        }
        random = new SplittableRandom(effectiveSeed() ^ (epoch + 1) * 0x9E3779B97F4A7C15L);
        for (Layer child : children) {
            child.restartRandomAt(epoch);
        }
    }

    private long effectiveSeed() {
        if (seed == null) {
            synchronized (UNSEEDED) {
                seed = UNSEEDED.nextLong();
            }
        }
        return seed;
    }

    /** {@code layer 'dense_1' (Dense)}, for messages. */
    protected final String describe() {
        return "layer '" + name + "' (" + getClass().getSimpleName() + ")";
    }

    @Override
    public String toString() {
        return describe();
    }

    // ------------------------------------------------------------------ helpers for subclasses

    /**
     * Fails unless a sample shape (no batch axis) has {@code rank} axes, with a message naming this
     * layer, the expected batch {@code layout} (e.g. {@code "(batch, channels, height, width)"}) and the shape.
     */
    protected final void requireSampleRank(int[] sampleShape, int rank, String layout) {
        if (sampleShape.length != rank) {
            throw new IllegalArgumentException(describe() + " expects inputs " + layout + ", got a sample shape "
                    + Shape.format(sampleShape) + " (batch axis left out)");
        }
    }

    /** Applies the name (and seed) of a config to a freshly constructed layer. */
    protected static <L extends Layer> L named(L layer, Map<String, Object> config) {
        if (config.get("name") != null) {
            layer.name(String.valueOf(config.get("name")));
        }
        if (config.get("seed") != null) {
            Object seed = config.get("seed");
            if (!(seed instanceof Number) || ((Number) seed).doubleValue() % 1 != 0) {
                throw new IllegalArgumentException("'seed' must be a whole number, got " + seed);
            }
            layer.seed(((Number) seed).longValue());
        }
        return layer;
    }

    static String snakeCase(String camel) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            boolean boundary = Character.isUpperCase(c) && i > 0
                    && (Character.isLowerCase(camel.charAt(i - 1))
                    || (i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1))));
            if (boundary && !Character.isDigit(camel.charAt(i - 1))) {
                sb.append('_');
            }
            sb.append(Character.toLowerCase(c));
        }
        return sb.toString();
    }

    private static String uniqueName(String base) {
        int n = NAME_COUNTERS.computeIfAbsent(base, k -> new AtomicInteger()).getAndIncrement();
        return n == 0 ? base : base + "_" + n;
    }
}
