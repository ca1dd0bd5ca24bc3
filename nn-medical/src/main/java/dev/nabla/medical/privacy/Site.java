package dev.nabla.medical.privacy;

import dev.nabla.data.Dataset;
import dev.nabla.loss.Loss;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Tensor;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A simulated hospital in federated training. It holds its own records, and nothing in its API gives them
 * out: the server sends global weights to {@link #train} and gets back only new weights and the number of
 * examples they were trained on ({@link Update}); {@link #accuracy} returns one number. The data set handed
 * to the constructor is kept privately (the caller should drop its own reference, as {@link Partitions} does).
 */
public final class Site {
    private final String name;
    private final Dataset data;
    private final SplittableRandom rng;

    /** A site named {@code name} holding {@code data}; {@code seed} drives its local shuffling. */
    public Site(String name, Dataset data, long seed) {
        this.name = Objects.requireNonNull(name, "name");
        if (data == null || data.size() == 0) {
            throw new IllegalArgumentException("Site '" + name + "': needs at least one example");
        }
        this.data = data;
        this.rng = new SplittableRandom(seed);
    }

    /** The site's name. */
    public String name() {
        return name;
    }

    /** How many examples the site holds (shared with the server for weighting). */
    public int size() {
        return data.size();
    }

    /**
     * Local training: builds the architecture from {@code architecture}, loads {@code globalWeights}, runs
     * {@code epochs} passes of minibatch SGD ({@code batchSize ≥ size()} means full batch) on the local data and
     * returns the new weights.
     */
    public Update train(Supplier<Sequential> architecture, int[] sampleShape, float[][] globalWeights, Loss loss,
                        double learningRate, int epochs, int batchSize) {
        Sequential model = architecture.get();
        model.build(sampleShape);
        ModelWeights.set(model, globalWeights);
        model.setTraining(true);
        SGD sgd = new SGD(learningRate);
        for (int e = 0; e < epochs; e++) {
            for (var batch : data.batches(Math.min(batchSize, data.size()), rng, false)) {
                Tensor l = loss.compute(model.call(batch.x()), batch.y());
                l.backward();
                sgd.step(model.trainableWeights());
                sgd.zeroGrad(model.trainableWeights());
            }
        }
        return new Update(name, ModelWeights.get(model), data.size());
    }

    /** The accuracy of the given weights on this site's data (one number leaves the site). */
    public double accuracy(Supplier<Sequential> architecture, int[] sampleShape, float[][] weights) {
        Sequential model = architecture.get();
        model.build(sampleShape);
        ModelWeights.set(model, weights);
        return Accuracy.of(model, data);
    }

    /** The local records, for tests in this package only; deliberately not public. */
    Dataset localDataForTests() {
        return data;
    }

    /** What crosses from a site to the server: weights and an example count, never records. */
    public record Update(String site, float[][] weights, int examples) {
    }

    @Override
    public String toString() {
        return "Site(" + name + ", " + data.size() + " examples)";
    }
}
