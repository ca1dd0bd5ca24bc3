package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a stack of layers over a sequence one time step per call, for streaming input (a sensor that
 * delivers one frame at a time): each {@link Recurrent} layer keeps its states between calls (Keras's
 * {@code stateful=True}), a {@link TimeDistributed} layer applies its inner layer to the step, a
 * {@link Masking} layer passes the step through, and any other layer (Dense, Dropout, …) is applied to
 * the step {@code (batch, features)} as it is. After steps {@code x_1..x_t}, the result equals the
 * output at time t of the model run on the whole sequence so far (the last output for a final
 * recurrent layer without {@code returnSequences}).
 *
 * <p>Get one from {@link Sequential#stream()}. Layers reading backwards ({@code goBackwards},
 * {@link Bidirectional}) need the whole sequence and are refused.
 */
public final class SequenceStream {
    private final List<Layer> layers;
    private final List<Recurrent<?>.Stream> streams = new ArrayList<>();

    SequenceStream(List<Layer> layers) {
        this.layers = List.copyOf(layers);
        for (Layer layer : this.layers) {
            if (layer instanceof Bidirectional) {
                throw new IllegalStateException(layer + " reads the sequence from its end too, so it cannot "
                        + "run one step at a time as the input arrives");
            }
            streams.add(layer instanceof Recurrent ? ((Recurrent<?>) layer).stream() : null);
        }
    }

    /** Feeds one time step {@code (batch, features)}; returns the model's output for it. */
    public Tensor step(Tensor xt) {
        Tensor y = xt;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (streams.get(i) != null) {
                y = streams.get(i).step(y);
            } else if (layer instanceof TimeDistributed) {
                y = ((TimeDistributed) layer).layer().call(y);
            } else if (!(layer instanceof Masking)) {
                y = layer.call(y);
            }
        }
        return y;
    }

    /** Forgets all states: the next step starts a new sequence. */
    public void reset() {
        for (Recurrent<?>.Stream s : streams) {
            if (s != null) {
                s.reset();
            }
        }
    }
}
