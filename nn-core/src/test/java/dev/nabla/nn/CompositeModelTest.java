package dev.nabla.nn;

import dev.nabla.data.Dataset;
import dev.nabla.io.ModelFile;
import dev.nabla.loss.Losses;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Fit;
import dev.nabla.train.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Models written as plain Java classes (PyTorch style) train and save like Sequential ones. */
class CompositeModelTest {

    /** A two-level U-Net: encoder, bottleneck, transposed-convolution decoder, skip connection by concatenation. */
    static final class TinyUNet extends Model {
        private final Conv2D down = track(new Conv2D(4, 3).padding("same").activation(Activation.RELU));
        private final MaxPool2D pool = track(new MaxPool2D(2));
        private final Conv2D bottom = track(new Conv2D(8, 3).padding("same").activation(Activation.RELU));
        private final Conv2DTranspose up = track(new Conv2DTranspose(4, 2).strides(2));
        private final Concatenate skip = track(new Concatenate());
        private final Conv2D head = track(new Conv2D(1, 1).activation(Activation.SIGMOID));

        TinyUNet() {
            int i = 0;
            for (Layer child : children()) {
                child.seed(100 + i++);
            }
        }

        @Override
        protected Tensor forward(Tensor x) {
            Tensor d = down.call(x);
            Tensor u = up.call(bottom.call(pool.call(d)));
            return head.call(skip.call(d, u));
        }

        @Override
        public int[] outputShape(int[] in) {
            return new int[] {1, in[1], in[2]};
        }
    }

    /** Images with a bright square; the mask marks the square. */
    private static Dataset squares(int n, long seed) {
        Random rng = new Random(seed);
        float[] x = new float[n * 8 * 8];
        float[] y = new float[n * 8 * 8];
        for (int s = 0; s < n; s++) {
            int r = rng.nextInt(5);
            int c = rng.nextInt(5);
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 8; j++) {
                    boolean inside = i >= r && i < r + 3 && j >= c && j < c + 3;
                    x[s * 64 + i * 8 + j] = (inside ? 1f : 0f) + 0.1f * (float) rng.nextGaussian();
                    y[s * 64 + i * 8 + j] = inside ? 1f : 0f;
                }
            }
        }
        return Dataset.of(Tensor.wrap(x, n, 1, 8, 8), Tensor.wrap(y, n, 1, 8, 8));
    }

    @Test
    void aUNetWithASkipConnectionLearnsToSegmentWithSoftDice() {
        TinyUNet net = new TinyUNet();
        net.compile(new Adam(0.02), Losses.softDice(1f));
        History h = net.fit(squares(64, 1), Fit.epochs(40).batchSize(16).verbose(false));
        double first = h.get("loss").get(0);
        double last = h.last("loss");
        assertTrue(last < 0.1 && last < first / 3, "soft-Dice loss went from " + first + " to " + last);
        double dice = 1 - net.evaluate(squares(32, 2)).get("loss");
        assertTrue(dice > 0.85, "held-out Dice " + dice);
    }

    @Test
    void compositeWeightsAreNamedByLayerAndReloadIntoAFreshInstance(@TempDir Path dir) throws IOException {
        TinyUNet net = new TinyUNet();
        net.build(1, 8, 8);
        assertTrue(net.namedWeights().containsKey(net.children().get(0).name() + "/kernel"), net.namedWeights().keySet().toString());
        assertEquals(4 * 9 + 4 + 8 * 4 * 9 + 8 + 8 * 4 * 4 + 4 + 8 + 1, net.countParams());
        Path file = dir.resolve("unet.nabla");
        net.save(file);
        TinyUNet copy = new TinyUNet();
        for (int i = 0; i < copy.children().size(); i++) {
            copy.children().get(i).name(net.children().get(i).name());
        }
        copy.build(1, 8, 8);
        ModelFile.loadWeights(copy, file);
        Tensor x = squares(3, 5).x();
        assertArrayEquals(net.predict(x).toArray(), copy.predict(x).toArray());
    }
}
