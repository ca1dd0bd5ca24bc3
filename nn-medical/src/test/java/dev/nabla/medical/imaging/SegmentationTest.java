package dev.nabla.medical.imaging;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentationTest {
    private static float[] levels(int... counts) {
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        float[] v = new float[n];
        int i = 0;
        for (int level = 0; level < counts.length; level++) {
            for (int c = 0; c < counts[level]; c++) {
                v[i++] = level;
            }
        }
        return v;
    }

    @Test
    void otsuOnAKnownBimodalHistogram() {
        // levels 0..4 with counts 6, 3, 1, 2, 4 (N = 16), 5 bins = one per level. σ_B²(t) = ω₀ω₁(μ₀ − μ₁)²:
        //   t=0: .375·.625·(0 − 2.7)²        = 1.70859
        //   t=1: .5625·.4375·(.3333 − 3.4286)² = 2.35770   ← maximum
        //   t=2: .625·.375·(.5 − 3.6667)²    = 2.35026
        //   t=3: .75·.25·(.9167 − 4)²        = 1.78255
        // so levels 0, 1 are background; the threshold is the upper edge of bin 1: 0 + 2·(4 − 0)/5 = 1.6
        assertEquals(1.6, Threshold.otsu(levels(6, 3, 1, 2, 4), 5), 1e-9);
        // symmetric counts 4, 2, 2, 4 on levels 0..3: σ_B² = 1.125, 1.3611, 1.125 → t = 1, edge 2·3/4 = 1.5
        assertEquals(1.5, Threshold.otsu(levels(4, 2, 2, 4), 4), 1e-9);
        assertArrayEquals(new float[] {0, 0, 1, 1}, Threshold.above(new float[] {1, 1.5f, 1.6f, 3}, 1.5));
        assertArrayEquals(new float[] {0, 1, 1, 0}, Threshold.range(new float[] {-1, 0, 2, 3}, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> Threshold.otsu(new float[] {2, 2, 2}));
    }

    @Test
    void componentsDependOnConnectivity() {
        Image2D img = Image2D.of(new float[][] {
                {1, 1, 0, 0, 0},
                {1, 1, 0, 0, 0},
                {0, 0, 1, 0, 1},
                {0, 0, 0, 0, 1}});
        Components four = Components.label(img, Connectivity.FOUR);
        assertEquals(3, four.count()); // the 2×2 square, the diagonal pixel, the vertical pair
        assertArrayEquals(new long[] {13, 4, 1, 2}, four.sizes());
        Components eight = Components.label(img, Connectivity.EIGHT);
        assertEquals(2, eight.count()); // the diagonal pixel joins the square
        assertArrayEquals(new long[] {13, 5, 2}, eight.sizes());
        assertEquals(1, eight.largest());
        // 3-D: two voxels touching only at a corner are 2 components with 6-connectivity, 1 with 26
        float[] m = new float[8];
        m[0] = 1;
        m[7] = 1; // (0,0,0) and (1,1,1)
        assertEquals(2, Components.label(m, new int[] {2, 2, 2}, Connectivity.SIX).count());
        assertEquals(1, Components.label(m, new int[] {2, 2, 2}, Connectivity.TWENTY_SIX).count());
        assertEquals(Connectivity.SIX, Connectivity.of(6));
        assertThrows(IllegalArgumentException.class, () -> Connectivity.of(5));
    }

    private static float[] square(int size, int from, int to) {
        float[] m = new float[size * size];
        for (int y = from; y <= to; y++) {
            for (int x = from; x <= to; x++) {
                m[y * size + x] = 1;
            }
        }
        return m;
    }

    private static int count(float[] m) {
        int n = 0;
        for (float v : m) {
            n += v != 0 ? 1 : 0;
        }
        return n;
    }

    @Test
    void morphologyByHand() {
        int[] d = {7, 7, 1};
        // a 5×5 square eroded once (4- or 8-neighbourhood) is the 3×3 square inside it
        assertArrayEquals(square(7, 2, 4), Morphology.erode(square(7, 1, 5), d, Connectivity.FOUR, 1));
        assertArrayEquals(square(7, 2, 4), Morphology.erode(square(7, 1, 5), d, Connectivity.EIGHT, 1));
        // one pixel dilated: a plus of 5 pixels (4-neighbourhood), a 3×3 square (8), a diamond of 13 (4, twice)
        float[] dot = square(7, 3, 3);
        assertEquals(5, count(Morphology.dilate(dot, d, Connectivity.FOUR, 1)));
        assertArrayEquals(square(7, 2, 4), Morphology.dilate(dot, d, Connectivity.EIGHT, 1));
        assertEquals(13, count(Morphology.dilate(dot, d, Connectivity.FOUR, 2)));
        // opening removes a speck and keeps the square; closing fills a one-pixel notch
        float[] speck = square(7, 1, 3);
        speck[6 * 7 + 6] = 1;
        assertArrayEquals(square(7, 1, 3), Morphology.open(speck, d, Connectivity.EIGHT, 1));
        float[] notched = square(7, 1, 5);
        notched[3 * 7 + 3] = 0;
        assertArrayEquals(square(7, 1, 5), Morphology.close(notched, d, Connectivity.EIGHT, 1));
        // outside the grid is background: a full image loses its border ring (7×7 → 5×5)
        float[] full = new float[49];
        java.util.Arrays.fill(full, 1);
        assertArrayEquals(square(7, 1, 5), Morphology.erode(full, d, Connectivity.EIGHT, 1));
    }

    @Test
    void holeFillingFillsEnclosedBackgroundOnly() {
        Image2D ring = Image2D.of(new float[][] {
                {0, 0, 0, 0, 0, 0},
                {0, 1, 1, 1, 0, 0},
                {0, 1, 0, 1, 0, 0},
                {0, 1, 1, 1, 0, 0},
                {0, 0, 0, 0, 1, 0},
                {0, 0, 0, 1, 0, 1}}); // the bottom-right pocket touches the border through the corner
        float[] filled = Morphology.fillHoles(ring.data(), new int[] {6, 6, 1});
        assertEquals(1f, filled[2 * 6 + 2]);
        assertEquals(9 + 3, count(filled));
        // slice by slice on a 2-slice volume equals the 2-D result per slice
        float[] two = new float[72];
        System.arraycopy(ring.data(), 0, two, 0, 36);
        System.arraycopy(ring.data(), 0, two, 36, 36);
        float[] perSlice = Morphology.fillHolesPerSlice(two, new int[] {6, 6, 2});
        assertArrayEquals(filled, java.util.Arrays.copyOfRange(perSlice, 36, 72));
        // in 3-D the same ring in both slices has no enclosed hole (the hole reaches the top and bottom faces)
        assertEquals(0f, Morphology.fillHoles(two, new int[] {6, 6, 2})[2 * 6 + 2]);
    }

    @Test
    void regionGrowingFollowsTheIntensityCriterion() {
        // two plateaus of ~100 separated by a wall of 0; growing from the left one stays there
        float[][] rows = new float[5][9];
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 9; x++) {
                rows[y][x] = x == 4 ? 0 : 100 + (x + y) % 3;
            }
        }
        Image2D img = Image2D.of(rows);
        Volume v = new Volume(img.data(), 9, 5, 1, 1, 1, 1);
        Volume left = RegionGrowing.grow(v, new int[] {1, 1, 0}, 90, 110, Connectivity.FOUR);
        assertEquals(20, count(left.data()));
        assertEquals(1f, left.get(3, 4, 0));
        assertEquals(0f, left.get(5, 0, 0));
        assertEquals(20, count(RegionGrowing.around(v, new int[] {7, 2, 0}, 5, Connectivity.EIGHT).data()));
        assertEquals(45, count(RegionGrowing.grow(v, new int[] {0, 0, 0}, -1, 200, Connectivity.FOUR).data()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegionGrowing.grow(v, new int[] {4, 0, 0}, 90, 110, Connectivity.FOUR));
        assertTrue(e.getMessage().contains("seed value"), e.getMessage());
    }

    @Test
    void diceAndJaccardByHand() {
        // |A| = 3, |B| = 2, |A∩B| = 2: Dice = 4/5, Jaccard = 2/3
        float[] a = {1, 1, 1, 0};
        float[] b = {0, 1, 1, 0};
        assertEquals(0.8, Overlap.dice(a, b), 1e-12);
        assertEquals(2.0 / 3, Overlap.jaccard(a, b), 1e-12);
        assertTrue(Double.isNaN(Overlap.dice(new float[2], new float[2])));
        double[] per = Overlap.dicePerClass(new int[] {0, 1, 1, 2}, new int[] {0, 1, 2, 2}, 4);
        assertEquals(1.0, per[0], 1e-12);
        assertEquals(2.0 / 3, per[1], 1e-12); // 2·1/(2+1)
        assertEquals(2.0 / 3, per[2], 1e-12);
        assertTrue(Double.isNaN(per[3]));
    }

    @Test
    void brainMaskAgreesWithTheDistributedBrainExtraction() throws IOException {
        // At 2 mm (to keep the test fast): the T1 resampled trilinearly, ch2bet's mask by nearest neighbour.
        // docs/imaging.md reports the full-resolution figure.
        Volume t1 = Resample.toSpacing(NiftiReader.read(TestData.file("brain-mri", "ch2.nii.gz")), 2, 2, 2);
        Volume bet = NiftiReader.read(TestData.file("brain-mri", "ch2bet.nii.gz"));
        Volume ref = Resample.toSpacing(bet.withData(Threshold.above(bet.data(), 0)).withModality(Modality.LABELS), 2, 2, 2);
        Volume mask = Masks.brain(t1, 5);
        t1.requireSameGrid(ref, "brain mask");
        double dice = Overlap.dice(mask.data(), ref.data());
        assertTrue(dice > 0.93, "brain-mask Dice vs ch2bet " + dice);
        // the plain Otsu foreground (scalp included) agrees much less: the morphology is doing the work
        double raw = Overlap.dice(Threshold.above(t1.data(), Threshold.otsu(t1.data())), ref.data());
        assertTrue(raw < dice - 0.05, "Otsu alone " + raw + " vs mask " + dice);
    }

    @Test
    void ctBodyMaskDropsAirAndTheHeadRest() throws IOException {
        // 9 slices around the middle of the head CT keep the test fast
        Volume ct = InVesaliusReader.read(TestData.file("head-ct", "main.plist").getParent())
                .crop(new int[] {0, 0, 50}, new int[] {256, 256, 59});
        Volume body = Masks.body(ct);
        int[] d = ct.dims();
        assertEquals(1f, body.get(128, 128, 4));  // brain
        assertEquals(0f, body.get(2, 2, 4));      // air in the corner
        // voxels above −500 HU that the mask leaves out: the head rest (a thin arc under the head)
        int left = 0;
        for (int j = 0; j < d[1]; j++) {
            for (int i = 0; i < d[0]; i++) {
                if (ct.get(i, j, 4) > -500 && body.get(i, j, 4) == 0) {
                    left++;
                }
            }
        }
        assertTrue(left > 100, "only " + left + " bright voxels excluded; the head rest should be");
        double ml = 0;
        for (float x : body.data()) {
            ml += x;
        }
        ml *= 0.9570312 * 0.9570312 * 1.5 / 1000;
        // 9 slices of 1.5 mm through an adult head: a slab of roughly 13.5 mm × (about 150 × 190 mm) ≈ 300 ml
        assertTrue(ml > 200 && ml < 400, "body slab " + ml + " ml");
        assertThrows(IllegalArgumentException.class, () -> Masks.body(ct.withModality(Modality.MR)));
    }
}
