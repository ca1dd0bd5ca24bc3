package dev.nabla.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.io.ModelFile;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NormalizerTest {
    /**
     * Shape (2, 2, 1, 2). Channel 0 holds 1, 3 (sample 0) and 5, 7 (sample 1): mean 4, variance
     * (9+1+1+9)/4 = 5. Channel 1 holds 10, 10 and 20, 40: mean 20, variance (100+100+0+400)/4 = 150.
     */
    private static final Tensor IMAGES = Tensor.of(new float[] {1, 3, 10, 10, 5, 7, 20, 40}, 2, 2, 1, 2);

    private static void assertStats(float[] mean, float[] std, Normalizer n) {
        assertArrayEquals(mean, n.mean(), 1e-6f);
        assertArrayEquals(std, n.std(), 1e-6f);
    }

    /** Mean and population std of channel c of a rank-4 tensor, in double, by brute force. */
    private static double[] channelStats(Tensor x, int c) {
        double sum = 0;
        double sq = 0;
        int m = 0;
        for (int n = 0; n < x.size(0); n++) {
            for (int y = 0; y < x.size(2); y++) {
                for (int w = 0; w < x.size(3); w++) {
                    double v = x.get(n, c, y, w);
                    sum += v;
                    sq += v * v;
                    m++;
                }
            }
        }
        double mean = sum / m;
        return new double[] {mean, Math.sqrt(sq / m - mean * mean)};
    }

    @Test
    void perChannelStatisticsOfImagesMatchTheHandComputedValues() {
        Normalizer n = Normalizer.fit(IMAGES);
        assertStats(new float[] {4, 20}, new float[] {(float) Math.sqrt(5), (float) Math.sqrt(150)}, n);
        assertArrayEquals(new float[] {1, 10}, n.min());
        assertArrayEquals(new float[] {7, 40}, n.max());
        assertEquals(4, n.count());
        assertEquals(4, n.rank());
        assertEquals(2, n.features());
        assertEquals(Normalizer.Mode.STANDARD, n.mode());
    }

    @Test
    void transformSubtractsTheMeanAndDividesByTheStd() {
        Tensor t = Normalizer.fit(IMAGES).transform(IMAGES);
        double s0 = Math.sqrt(5);
        double s1 = Math.sqrt(150);
        float[] expected = {
            (float) (-3 / s0), (float) (-1 / s0), (float) (-10 / s1), (float) (-10 / s1),
            (float) (1 / s0), (float) (3 / s0), 0f, (float) (20 / s1)};
        assertArrayEquals(expected, t.toArray(), 1e-6f);
        assertArrayEquals(IMAGES.shape(), t.shape());
        assertArrayEquals(new float[] {1, 3, 10, 10, 5, 7, 20, 40}, IMAGES.toArray(), "the input is unchanged");
    }

    @Test
    void transformedChannelsHaveMeanZeroAndStdOne() {
        SplittableRandom rng = new SplittableRandom(42);
        // Three channels with very different offsets and spreads.
        Tensor x = Tensor.randn(rng, 16, 3, 5, 4);
        float[] v = x.storage();
        float[] offset = {100, -3, 0.5f};
        float[] spread = {20, 0.01f, 3};
        for (int i = 0; i < v.length; i++) {
            int c = (i / 20) % 3;
            v[i] = offset[c] + spread[c] * v[i];
        }
        Tensor t = Normalizer.fit(x).transform(x);
        for (int c = 0; c < 3; c++) {
            double[] s = channelStats(t, c);
            // Statistics are kept in float32: channel 1's mean (≈ −3) is rounded to ulp(3) ≈ 2.4e-7,
            // which is 2.4e-5 in units of its std 0.01.
            assertEquals(0, s[0], 1e-4, "mean of channel " + c);
            assertEquals(1, s[1], 1e-4, "std of channel " + c);
            double[] raw = channelStats(x, c);
            assertEquals(raw[0], Normalizer.fit(x).mean()[c], 1e-3 * Math.max(1, Math.abs(raw[0])));
        }
    }

    @Test
    void perFeatureStatisticsOfRank2Inputs() {
        // Feature 0: 1, 3, 5 → mean 3, variance 8/3. Feature 1: 2, 4, 9 → mean 5, variance (9+1+16)/3 = 26/3.
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 9}, 3, 2);
        Normalizer n = Normalizer.fit(x);
        assertStats(new float[] {3, 5}, new float[] {(float) Math.sqrt(8 / 3.0), (float) Math.sqrt(26 / 3.0)}, n);
        assertEquals(3, n.count());
        float[] t = n.transform(x).toArray();
        assertEquals(0, t[0] + t[2] + t[4], 1e-6);
        assertEquals(0, t[1] + t[3] + t[5], 1e-6);
        assertEquals(3, t[0] * t[0] + t[2] * t[2] + t[4] * t[4], 1e-5, "sum of squares = count: std 1");
        assertEquals((float) ((9 - 5) / Math.sqrt(26 / 3.0)), t[5], 1e-6f);
    }

    @Test
    void minMaxMapsEachChannelsRangeOntoZeroOne() {
        Normalizer n = Normalizer.fitMinMax(IMAGES);
        assertEquals(Normalizer.Mode.MIN_MAX, n.mode());
        // Channel 0: (x − 1)/6; channel 1: (x − 10)/30.
        assertArrayEquals(new float[] {0, 2 / 6f, 0, 0, 4 / 6f, 1, 10 / 30f, 1}, n.transform(IMAGES).toArray(), 1e-6f);
        // The mean and std are kept too.
        assertStats(new float[] {4, 20}, new float[] {(float) Math.sqrt(5), (float) Math.sqrt(150)}, n);
    }

    @Test
    void aConstantChannelBecomesZeroNotNaN() {
        Tensor x = Tensor.of(new float[] {2, 1, 2, 3}, 2, 2);   // feature 0 constant
        for (Normalizer n : new Normalizer[] {Normalizer.fit(x), Normalizer.fitMinMax(x)}) {
            float[] t = n.transform(x).toArray();
            assertEquals(0f, t[0]);
            assertEquals(0f, t[2]);
            assertEquals(0f, n.std()[0]);
        }
    }

    @Test
    void inverseUndoesTransform() {
        SplittableRandom rng = new SplittableRandom(3);
        Tensor x = Tensor.randn(rng, 4, 2, 3, 3).mul(5).add(7);
        for (Normalizer n : new Normalizer[] {Normalizer.fit(x), Normalizer.fitMinMax(x)}) {
            assertArrayEquals(x.toArray(), n.inverse(n.transform(x)).toArray(), 1e-4f);
        }
    }

    @Test
    void transformAppliesTheFittedStatisticsToOtherData() {
        Normalizer n = Normalizer.fit(IMAGES);
        Tensor other = Tensor.of(new float[] {4, 4 + (float) Math.sqrt(5), 20, 20 - (float) Math.sqrt(150)}, 1, 2, 1, 2);
        assertArrayEquals(new float[] {0, 1, 0, -1}, n.transform(other).toArray(), 1e-6f);
        // Another image size is fine: the statistics are per channel.
        assertArrayEquals(new int[] {3, 2, 5, 5}, n.transform(Tensor.zeros(3, 2, 5, 5)).shape());
    }

    @Test
    void applyTransformsTheInputsAndKeepsTargetsAndWeights() {
        Tensor y = Tensor.of(new float[] {1, 0}, 2, 1);
        Tensor w = Tensor.vector(0.5f, 2f);
        Normalizer n = Normalizer.fit(IMAGES);
        Dataset d = n.apply(Dataset.of(IMAGES, y, w));
        assertArrayEquals(n.transform(IMAGES).toArray(), d.x().toArray());
        assertArrayEquals(y.toArray(), d.y().toArray());
        assertArrayEquals(w.toArray(), d.sampleWeights().toArray());
        assertThrows(IllegalArgumentException.class, () -> n.apply(null));
    }

    @Test
    void badInputsAreRejectedNamingTheShapes() {
        IllegalArgumentException rank3 = assertThrows(IllegalArgumentException.class,
                () -> Normalizer.fit(Tensor.zeros(2, 3, 4)));
        assertTrue(rank3.getMessage().contains("Normalizer.fit") && rank3.getMessage().contains("[2, 3, 4]"),
                rank3.getMessage());
        Normalizer n = Normalizer.fit(IMAGES);
        IllegalArgumentException channels = assertThrows(IllegalArgumentException.class,
                () -> n.transform(Tensor.zeros(1, 3, 1, 2)));
        assertTrue(channels.getMessage().contains("Normalizer.transform") && channels.getMessage().contains("(N, 2, H, W)")
                && channels.getMessage().contains("[1, 3, 1, 2]"), channels.getMessage());
        assertThrows(IllegalArgumentException.class, () -> n.transform(Tensor.zeros(1, 2)));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Normalizer.fit(Tensor.of(new float[] {1, 2, Float.NaN, 4}, 2, 2)));
        assertTrue(nan.getMessage().contains("NaN") && nan.getMessage().contains("sample 1, feature 0"), nan.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> Normalizer.fit(Tensor.zeros(0, 3)));
        assertTrue(empty.getMessage().contains("[0, 3]"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Normalizer.fit(null));
    }

    @Test
    void configRoundTripsExactlyThroughJson() throws Exception {
        Normalizer n = Normalizer.fit(Tensor.randn(new SplittableRandom(8), 5, 3, 2, 2));
        Map<String, Object> config = n.getConfig();
        assertEquals(List.of("mode", "rank", "count", "mean", "std", "min", "max"), List.copyOf(config.keySet()));
        assertEquals("standard", config.get("mode"));
        ObjectMapper json = new ObjectMapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> read = json.readValue(json.writeValueAsString(config), Map.class);
        Normalizer back = Normalizer.fromConfig(read);
        assertArrayEquals(n.mean(), back.mean());
        assertArrayEquals(n.std(), back.std());
        assertArrayEquals(n.min(), back.min());
        assertArrayEquals(n.max(), back.max());
        assertEquals(n.count(), back.count());
        assertEquals(n.rank(), back.rank());
        assertEquals(n.mode(), back.mode());
        assertEquals(n.getConfig(), back.getConfig());
        Tensor probe = Tensor.randn(new SplittableRandom(9), 2, 3, 2, 2);
        assertArrayEquals(n.transform(probe).toArray(), back.transform(probe).toArray());
        Normalizer mm = Normalizer.fitMinMax(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        assertSame(Normalizer.Mode.MIN_MAX, Normalizer.fromConfig(mm.getConfig()).mode());
    }

    @Test
    void savedWithAModelAsProvenance(@TempDir Path dir) throws Exception {
        Normalizer n = Normalizer.fit(IMAGES);
        Sequential model = new Sequential(new Dense(1));
        model.build(2);
        Path file = dir.resolve("m.nabla");
        model.save(file, Map.of("normalizer", n.getConfig()));
        @SuppressWarnings("unchecked")
        Map<String, Object> stored = (Map<String, Object>) ModelFile.metadata(file).get("normalizer");
        Normalizer back = Normalizer.fromConfig(stored);
        assertArrayEquals(n.transform(IMAGES).toArray(), back.transform(IMAGES).toArray());
    }

    @Test
    void fromConfigNamesWhatIsWrong() {
        Map<String, Object> good = new LinkedHashMap<>(Normalizer.fit(IMAGES).getConfig());
        String[][] cases = {
            {"mode", "nope", "'mode'"},
            {"rank", "3", "'rank'"},
            {"count", "0", "'count'"},
        };
        for (String[] c : cases) {
            Map<String, Object> bad = new LinkedHashMap<>(good);
            bad.put(c[0], c[0].equals("mode") ? c[1] : (Object) Integer.valueOf(c[1]));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Normalizer.fromConfig(bad));
            assertTrue(e.getMessage().contains("Normalizer.fromConfig") && e.getMessage().contains(c[2]), e.getMessage());
        }
        Map<String, Object> shortStd = new LinkedHashMap<>(good);
        shortStd.put("std", List.of(1.0));
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
                () -> Normalizer.fromConfig(shortStd));
        assertTrue(len.getMessage().contains("'std' has 1 values, 'mean' has 2"), len.getMessage());
        Map<String, Object> negative = new LinkedHashMap<>(good);
        negative.put("std", List.of(1.0, -2.0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Normalizer.fromConfig(negative))
                .getMessage().contains("-2.0"));
        Map<String, Object> missing = new LinkedHashMap<>(good);
        missing.remove("max");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Normalizer.fromConfig(missing))
                .getMessage().contains("'max'"));
        assertThrows(IllegalArgumentException.class, () -> Normalizer.fromConfig(null));
    }
}
