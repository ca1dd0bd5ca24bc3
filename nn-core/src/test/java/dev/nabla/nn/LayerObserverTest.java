package dev.nabla.nn;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LayerObserverTest {
    @Test
    void observerSeesEachOutputAndItsGradientUntilRemoved() {
        Dense inner = new Dense(2).useBias(false);
        Sequential model = new Sequential(inner, new Dense(1).useBias(false));
        model.build(2);
        System.arraycopy(new float[] {1, 0, 0, 1}, 0, inner.trainableWeights().get(0).storage(), 0, 4); // identity
        System.arraycopy(new float[] {3, 5}, 0, model.layers().get(1).trainableWeights().get(0).storage(), 0, 2);
        List<Tensor> seen = new ArrayList<>();
        inner.observeOutput(y -> seen.add(y.retainGrad()));
        Tensor out = model.call(Tensor.of(new float[] {2, 7}, 1, 2));
        out.sum().backward();
        assertEquals(1, seen.size());
        assertArrayEquals(new float[] {2, 7}, seen.get(0).toArray(), 0);        // identity layer output
        assertArrayEquals(new float[] {3, 5}, seen.get(0).grad().toArray(), 0); // ∂(3a + 5b)/∂(a, b)
        inner.observeOutput(null);
        model.call(Tensor.of(new float[] {1, 1}, 1, 2));
        assertEquals(1, seen.size());
    }
}
