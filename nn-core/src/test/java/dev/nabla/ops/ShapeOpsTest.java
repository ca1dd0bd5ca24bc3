package dev.nabla.ops;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.nabla.ops.Fixtures.assertGradients;
import static dev.nabla.ops.Fixtures.normal;
import static dev.nabla.ops.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Views, copies, joins, splits and gathers: values and gradients. */
class ShapeOpsTest {

    // ------------------------------------------------------------------ values

    @Test
    void concatAlongEachAxis() {
        Tensor a = t(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = t(new float[] {5, 6}, 1, 2);
        Tensor c = Ops.concat(0, a, b);
        assertArrayEquals(new int[] {3, 2}, c.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, c.toArray());
        Tensor d = Ops.concat(-1, a, t(new float[] {7, 8, 9, 10, 11, 12}, 2, 3));
        assertArrayEquals(new int[] {2, 5}, d.shape());
        assertArrayEquals(new float[] {1, 2, 7, 8, 9, 3, 4, 10, 11, 12}, d.toArray());
        // Views (non-contiguous) are read correctly.
        Tensor e = Ops.concat(1, a.transpose(0, 1), a);
        assertArrayEquals(new float[] {1, 3, 1, 2, 2, 4, 3, 4}, e.toArray());
    }

    @Test
    void stackAddsAnAxis() {
        Tensor a = Tensor.vector(1, 2, 3);
        Tensor b = Tensor.vector(4, 5, 6);
        Tensor s0 = Ops.stack(0, a, b);
        assertArrayEquals(new int[] {2, 3}, s0.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, s0.toArray());
        Tensor s1 = Ops.stack(1, a, b);
        assertArrayEquals(new int[] {3, 2}, s1.shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, s1.toArray());
        assertArrayEquals(new int[] {3, 2}, Ops.stack(-1, a, b).shape());
    }

    @Test
    void splitIntoPieces() {
        Tensor x = Tensor.arange(12).reshape(2, 6);
        List<Tensor> parts = Ops.split(x, 1, 1, 3, 2);
        assertEquals(3, parts.size());
        assertArrayEquals(new int[] {2, 1}, parts.get(0).shape());
        assertArrayEquals(new float[] {0, 6}, parts.get(0).toArray());
        assertArrayEquals(new float[] {1, 2, 3, 7, 8, 9}, parts.get(1).toArray());
        assertArrayEquals(new float[] {4, 5, 10, 11}, parts.get(2).toArray());
        // Pieces are views: a write shows in the source.
        parts.get(2).set(-1, 0, 0);
        assertEquals(-1f, x.get(0, 4));
        List<Tensor> rows = Ops.split(x, 0, 1, 1);
        assertArrayEquals(new float[] {6, 7, 8, 9, 10, 11}, rows.get(1).toArray());
        assertArrayEquals(new int[] {2, 0}, Ops.split(x, 1, 6, 0).get(1).shape());
    }

    @Test
    void indexSelectAndEmbedding() {
        Tensor x = Tensor.arange(12).reshape(3, 4);
        assertArrayEquals(new float[] {8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11},
                Ops.indexSelect(x, 0, 2, 0, 2).toArray());
        Tensor cols = Ops.indexSelect(x, 1, 3, 1);
        assertArrayEquals(new int[] {3, 2}, cols.shape());
        assertArrayEquals(new float[] {3, 1, 7, 5, 11, 9}, cols.toArray());
        Tensor ids = t(new float[] {2, 0, 2, 1}, 2, 2);
        Tensor emb = Ops.embedding(ids, x);
        assertArrayEquals(new int[] {2, 2, 4}, emb.shape());
        assertArrayEquals(new float[] {8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7}, emb.toArray());
    }

    @Test
    void embeddingGradientAddsUpRepeatedIds() {
        Tensor w = Tensor.zeros(4, 2).requiresGrad(true);
        Tensor ids = Tensor.vector(1, 3, 1, 1);
        Ops.embedding(ids, w).sum().backward();
        assertArrayEquals(new float[] {0, 0, 3, 3, 0, 0, 1, 1}, w.grad().toArray());
    }

    @Test
    void unsqueezeAndSqueeze() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        assertArrayEquals(new int[] {1, 2, 3}, x.unsqueeze(0).shape());
        assertArrayEquals(new int[] {2, 1, 3}, x.unsqueeze(1).shape());
        assertArrayEquals(new int[] {2, 3, 1}, x.unsqueeze(-1).shape());
        assertArrayEquals(new int[] {2, 3}, x.unsqueeze(1).squeeze(1).shape());
        assertArrayEquals(x.toArray(), x.unsqueeze(2).toArray());
        assertArrayEquals(new int[] {3}, Tensor.arange(3).reshape(1, 3).squeeze(0).shape());
    }

    @Test
    void reshapeInfersMinusOne() {
        Tensor x = Tensor.arange(24);
        assertArrayEquals(new int[] {2, 3, 4}, x.reshape(2, -1, 4).shape());
        assertArrayEquals(new int[] {24}, x.reshape(2, 3, 4).reshape(-1).shape());
        assertSame(x, x.reshape(24), "reshape to the same shape is a no-op");
    }

    @Test
    void expandWithMinusOneKeepsSize() {
        Tensor x = t(new float[] {1, 2, 3}, 3, 1);
        Tensor e = x.expand(2, -1, 4);
        assertArrayEquals(new int[] {2, 3, 4}, e.shape());
        assertArrayEquals(new float[] {1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3},
                e.toArray());
        assertSame(x, x.expand(3, 1));
    }

    @Test
    void contiguousOpCopiesAndKeepsGraph() {
        Tensor x = normal(1, 2, 3);
        Tensor c = Ops.contiguous(x);
        assertNotSame(x.storage(), c.storage());
        assertArrayEquals(x.toArray(), c.toArray());
        c.mul(Tensor.vector(1, 2, 3)).sum().backward();
        assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, x.grad().toArray());
    }

    @Test
    void sliceGradientIsZeroOutsideTheSlice() {
        Tensor x = normal(2, 3, 4);
        x.slice(1, 1, 3).sum().backward();
        assertArrayEquals(new float[] {0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0}, x.grad().toArray());
    }

    // ------------------------------------------------------------------ gradients

    @Test
    void reshapeGradient() {
        assertGradients("reshape", in -> in[0].reshape(3, 2, 4), normal(1, 2, 3, 4));
        assertGradients("reshape of a view", in -> in[0].transpose(0, 2).reshape(-1, 6), normal(2, 2, 3, 4));
    }

    @Test
    void permuteAndTransposeGradients() {
        assertGradients("permute", in -> in[0].permute(2, 0, 1), normal(3, 2, 3, 4));
        assertGradients("permute negative", in -> in[0].permute(-1, 1, 0), normal(4, 2, 3, 4));
        assertGradients("transpose", in -> in[0].transpose(0, -1), normal(5, 2, 3, 4));
    }

    @Test
    void sliceGradient() {
        assertGradients("slice axis 0", in -> in[0].slice(0, 1, 3), normal(6, 4, 3));
        assertGradients("slice axis -1", in -> in[0].slice(-1, 1, 4), normal(7, 2, 3, 5));
        assertGradients("slice of slice", in -> in[0].slice(1, 1, 5).slice(1, 1, 3), normal(8, 2, 6));
    }

    @Test
    void expandGradient() {
        assertGradients("expand (3,1)→(2,3,4)", in -> in[0].expand(2, 3, 4), normal(9, 3, 1));
        assertGradients("expand with -1", in -> in[0].expand(2, -1, 4), normal(10, 3, 1));
        assertGradients("expand scalar", in -> in[0].expand(2, 2), normal(11));
    }

    @Test
    void unsqueezeSqueezeGradient() {
        assertGradients("unsqueeze", in -> in[0].unsqueeze(1), normal(12, 2, 3));
        assertGradients("squeeze", in -> in[0].squeeze(1), normal(13, 2, 1, 3));
    }

    @Test
    void contiguousGradient() {
        assertGradients("contiguous", in -> in[0].transpose(0, 1).contiguous(), normal(14, 2, 3));
        assertGradients("contiguous copy", in -> Ops.contiguous(in[0]), normal(15, 2, 3));
    }

    @Test
    void concatGradient() {
        assertGradients("concat axis 1", in -> Ops.concat(1, in[0], in[1], in[2]),
                normal(16, 2, 1, 3), normal(17, 2, 2, 3), normal(18, 2, 3, 3));
        assertGradients("concat axis 0 with a view", in -> Ops.concat(0, in[0].transpose(0, 1), in[1]),
                normal(19, 3, 2), normal(20, 1, 3));
    }

    @Test
    void stackGradient() {
        assertGradients("stack axis 1", in -> Ops.stack(1, in[0], in[1]), normal(21, 2, 3), normal(22, 2, 3));
    }

    @Test
    void splitGradient() {
        assertGradients("split and re-join in another order", in -> {
            List<Tensor> p = Ops.split(in[0], 1, 1, 3, 2);
            return Ops.concat(1, p.get(2), p.get(0).mul(3f), p.get(1));
        }, normal(23, 2, 6));
    }

    @Test
    void indexSelectGradient() {
        assertGradients("indexSelect axis 0", in -> Ops.indexSelect(in[0], 0, 2, 0, 2), normal(24, 3, 4));
        assertGradients("indexSelect axis 1", in -> Ops.indexSelect(in[0], 1, 3, 0, 3, 1), normal(25, 2, 4, 2));
    }

    @Test
    void embeddingGradient() {
        Tensor ids = t(new float[] {4, 0, 2, 4, 1, 4}, 2, 3);
        assertGradients("embedding", in -> Ops.embedding(ids, in[0]), normal(26, 5, 3));
    }
}
