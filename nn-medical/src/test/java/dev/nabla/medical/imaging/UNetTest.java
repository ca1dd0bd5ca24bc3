package dev.nabla.medical.imaging;

import dev.nabla.data.Dataset;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Fit;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UNetTest {
    @Test
    void multiClassDiceByHand() {
        // N = 1, C = 2, 1×2 pixels. p = [[.8, .4], [.2, .6]], t = [[1, 0], [0, 1]]
        //   class 0: overlap .8, Σp 1.2, Σt 1 → (1.6 + 1)/(2.2 + 1) = .8125
        //   class 1: overlap .6, Σp .8,  Σt 1 → (1.2 + 1)/(1.8 + 1) = .785714…
        // loss = 1 − (.8125 + .785714)/2 = .200893
        Tensor p = Tensor.of(new float[] {.8f, .4f, .2f, .6f}, 1, 2, 1, 2).requiresGrad(true);
        Tensor t = Tensor.of(new float[] {1, 0, 0, 1}, 1, 2, 1, 2);
        Tensor loss = new MultiClassDice(1f, true).compute(p, t);
        assertEquals(1 - (0.8125 + 2.2 / 2.8) / 2, loss.item(), 1e-6);
        loss.backward();
        // ∂/∂p(0,0) of −½·(2·o + 1)/(S + 1) with o = .8, S = 2.2: −½·(2(S+1) − (2o+1))/(S+1)² = −½·(6.4 − 2.6)/10.24
        assertEquals(-0.5 * (6.4 - 2.6) / 10.24, p.grad().toArray()[0], 1e-6);
        // foreground only: 1 − .785714
        assertEquals(1 - 2.2 / 2.8, new MultiClassDice(1f, false).compute(p, t).item(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> new MultiClassDice(1f, true).compute(p, Tensor.zeros(1, 2, 2, 1)));
    }

    @Test
    void unetKeepsTheSizeAndGivesProbabilities() {
        UNet2D net = new UNet2D(3, 4, 2, 1);
        Tensor out = net.predict(Tensor.randn(new Random(1), 2, 1, 16, 8));
        assertArrayEquals(new int[] {2, 3, 16, 8}, out.shape());
        float[] o = out.toArray();
        for (int i = 0; i < 16 * 8; i++) {
            float s = o[i] + o[128 + i] + o[256 + i];
            assertEquals(1f, s, 1e-5f); // softmax over the class axis
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.predict(Tensor.zeros(1, 1, 10, 8)));
        assertTrue(e.getMessage().contains("divisible by 4"), e.getMessage());
    }

    /** Random rectangles of class 1 and 2 on noise; the U-Net must learn to label them. */
    private static Dataset shapes(int n, long seed) {
        Random rng = new Random(seed);
        int h = 16;
        int w = 16;
        float[] x = new float[n * h * w];
        float[] y = new float[n * 3 * h * w];
        for (int s = 0; s < n; s++) {
            int[] lab = new int[h * w];
            for (int c = 1; c <= 2; c++) {
                int r0 = rng.nextInt(10);
                int c0 = rng.nextInt(10);
                for (int r = r0; r < r0 + 5; r++) {
                    for (int q = c0; q < c0 + 5; q++) {
                        lab[r * w + q] = c;
                    }
                }
            }
            for (int i = 0; i < h * w; i++) {
                x[s * h * w + i] = lab[i] * 0.5f + 0.1f * (float) rng.nextGaussian();
                y[(s * 3 + lab[i]) * h * w + i] = 1;
            }
        }
        return Dataset.of(Tensor.wrap(x, n, 1, h, w), Tensor.wrap(y, n, 3, h, w));
    }

    @Test
    void unetLearnsAThreeClassToyTaskWithMultiClassDice() {
        UNet2D net = new UNet2D(3, 4, 2, 11);
        net.compile(new Adam(0.01), new MultiClassDice(1f, true));
        net.fit(shapes(48, 1), Fit.epochs(15).batchSize(8).seed(3).verbose(false));
        Dataset test = shapes(16, 2);
        int[] pred = AtlasSegmentation.predict(net, test.x());
        int[] truth = AtlasSegmentation.argmax(test.y());
        double[] dice = Overlap.dicePerClass(pred, truth, 3);
        assertTrue(dice[1] > 0.8 && dice[2] > 0.8, java.util.Arrays.toString(dice));
    }

    @Test
    void savedUNetReloadsWithTheSamePredictions(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        UNet2D net = new UNet2D(3, 4, 2, 5);
        Tensor x = Tensor.randn(new Random(2), 2, 1, 8, 8);
        net.build(1, 8, 8);
        java.nio.file.Path file = dir.resolve("u.nabla");
        net.save(file, Map.of("note", "test"));
        UNet2D back = UNet2D.load(file);
        assertArrayEquals(net.predict(x).toArray(), back.predict(x).toArray(), 0f);
        assertEquals(3, back.classes());
    }

    @Test
    void aalGroupsFollowTheAtlasNames() throws IOException {
        Map<Integer, String> names = AtlasSegmentation.aalNames(TestData.file("brain-mri", "aal.nii.txt"));
        assertEquals(116, names.size());
        for (Map.Entry<Integer, String> e : names.entrySet()) {
            String name = e.getValue();
            int c = AtlasSegmentation.classOfAal(e.getKey());
            if (name.startsWith("Cerebelum") || name.startsWith("Vermis")) {
                assertEquals(4, c, name);
            } else if (name.matches("(Caudate|Putamen|Pallidum|Thalamus)_[LR]")) {
                assertEquals(3, c, name);
            } else if (name.endsWith("_L")) {
                assertEquals(1, c, name);
            } else {
                assertTrue(name.endsWith("_R"), name);
                assertEquals(2, c, name);
            }
        }
        assertEquals(0, AtlasSegmentation.classOfAal(0));
    }

    @Test
    void sliceTaskRefusesAMismatchedLabelGrid() {
        Volume t1 = new Volume(new float[8 * 8 * 4], 8, 8, 4, 1, 1, 1);
        Volume lab = new Volume(new float[8 * 8 * 4], 8, 8, 4, 1, 1, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AtlasSegmentation.slices(t1, lab, new AtlasSegmentation.Config(), k -> true));
        assertTrue(e.getMessage().contains("AAL label map") && e.getMessage().contains("grids differ"), e.getMessage());
    }
}
