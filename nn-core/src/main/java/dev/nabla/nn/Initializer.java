package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Creates the starting values of a weight. The layer passes the fans it computed for its own
 * layout (dense {@code (in, out)}: fanIn = in, fanOut = out; convolution {@code OIHW}:
 * fanIn = C·KH·KW, fanOut = O·KH·KW), so initializers need not guess the layout.
 */
public interface Initializer {
    /** A fresh leaf tensor of {@code shape}. */
    Tensor initialize(int[] shape, int fanIn, int fanOut, RandomGenerator rng);

    /** Keras name and arguments, e.g. {@code {"class_name": "GlorotUniform"}}. */
    Map<String, Object> getConfig();
}
