package dev.nabla.medical.imaging;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VolumeTest {
    /** 4×3×2 voxels whose value encodes the index: v(i, j, k) = 100 i + 10 j + k. */
    private static Volume coded(double[][] affine) {
        float[] d = new float[24];
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < 3; j++) {
                for (int i = 0; i < 4; i++) {
                    d[i + 4 * (j + 3 * k)] = 100 * i + 10 * j + k;
                }
            }
        }
        return new Volume(d, new int[] {4, 3, 2}, new double[] {0.5, 2, 3}, affine, Modality.MR, null);
    }

    @Test
    void axialSliceOfARasVolumeHasAnteriorAtTheTop() {
        Volume v = coded(null); // diag(spacing): +j = anterior, +k = superior
        Image2D ax = v.slice(Plane.AXIAL, 1);
        assertEquals(4, ax.width());
        assertEquals(3, ax.height());
        assertEquals(0.5, ax.spacingX());
        assertEquals(2.0, ax.spacingY());
        // row 0 is the most anterior row j = 2; column c is i = c
        assertEquals(100 * 3 + 10 * 2 + 1, ax.get(3, 0), 0f);
        assertEquals(100 * 0 + 10 * 0 + 1, ax.get(0, 2), 0f);
    }

    @Test
    void coronalAndSagittalHaveSuperiorAtTheTop() {
        Volume v = coded(null);
        Image2D co = v.slice(Plane.CORONAL, 2); // j = 2; columns i, rows k reversed
        assertEquals(4, co.width());
        assertEquals(2, co.height());
        assertEquals(3.0, co.spacingY());
        assertEquals(100 * 1 + 10 * 2 + 1, co.get(1, 0), 0f);
        assertEquals(100 * 1 + 10 * 2 + 0, co.get(1, 1), 0f);
        Image2D sa = v.slice(Plane.SAGITTAL, 3); // i = 3; columns j, rows k reversed
        assertEquals(3, sa.width());
        assertEquals(2, sa.height());
        assertEquals(100 * 3 + 10 * 2 + 1, sa.get(2, 0), 0f);
        assertEquals(3, v.sliceCount(Plane.CORONAL));
        assertEquals(4, v.sliceCount(Plane.SAGITTAL));
    }

    @Test
    void planeFollowsTheAffineForACoronallyStoredVolume() {
        // voxel k runs anterior (world y), voxel j runs superior (world z): the axial plane cuts axis j
        double[][] aff = {{1, 0, 0, 0}, {0, 0, 1, 0}, {0, 1, 0, 0}, {0, 0, 0, 1}};
        Volume v = coded(aff);
        assertEquals(1, v.axisOf(Plane.AXIAL));
        assertEquals(2, v.axisOf(Plane.CORONAL));
        Image2D ax = v.slice(Plane.AXIAL, 0); // j = 0; rows along k (anterior up), columns i
        assertEquals(4, ax.width());
        assertEquals(2, ax.height());
        assertEquals(100 * 2 + 10 * 0 + 1, ax.get(2, 0), 0f);
    }

    @Test
    void putSliceInvertsSlice() {
        Volume v = coded(null);
        for (Plane p : Plane.values()) {
            Volume w = v.withData(new float[v.size()]);
            for (int s = 0; s < v.sliceCount(p); s++) {
                w.putSlice(p, s, v.slice(p, s));
            }
            assertArrayEquals(v.data(), w.data(), 0f, p.toString());
        }
    }

    @Test
    void badShapesAndIndicesAreExplained() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Volume(new float[5], 2, 2, 2, 1, 1, 1));
        assertTrue(e.getMessage().contains("8 voxels") && e.getMessage().contains("5"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> coded(null).slice(Plane.AXIAL, 2));
        Volume a = coded(null);
        Volume b = new Volume(new float[24], 4, 3, 2, 1, 1, 1);
        e = assertThrows(IllegalArgumentException.class, () -> a.requireSameGrid(b, "labels"));
        assertTrue(e.getMessage().contains("labels") && e.getMessage().contains("grids differ"), e.getMessage());
    }

    @Test
    void tensorViewIsZyx() {
        Volume v = coded(null);
        var t = v.toTensor();
        assertArrayEquals(new int[] {2, 3, 4}, t.shape());
        assertEquals(v.get(3, 2, 1), t.toArray()[v.index(3, 2, 1)], 0f);
        var img = v.slice(Plane.AXIAL, 0).toTensor();
        assertArrayEquals(new int[] {1, 1, 3, 4}, img.shape());
    }
}
