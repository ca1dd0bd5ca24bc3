package dev.nabla.optim;

import dev.nabla.optim.schedule.CosineDecay;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each optimizer, driven by autograd, minimises f(x) = Σ (x − 3)² from x = (0, −1, 5, 10) to within 1e-3. */
class QuadraticTest {
    private static void assertMinimises(Optimizer opt, int steps) {
        Tensor x = Tensor.vector(0f, -1f, 5f, 10f).requiresGrad(true);
        List<Tensor> params = List.of(x);
        for (int k = 0; k < steps; k++) {
            Tensor f = x.sub(3f).square().sum();
            f.backward();
            opt.step(params);
            opt.zeroGrad(params);
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(3.0, x.get(i), 1e-3, opt + ": x[" + i + "]");
        }
    }

    @Test
    void sgdVariants() {
        assertMinimises(new SGD(0.1), 100);
        assertMinimises(new SGD(0.05).momentum(0.9), 300);
        assertMinimises(new SGD(0.05).momentum(0.9).nesterov(true), 300);
    }

    @Test
    void adamFamily() {
        assertMinimises(new Adam(0.1), 1000);
        assertMinimises(new Adam(0.1).amsgrad(true), 1000);
        assertMinimises(new AdamW(0.1, 0), 1000);
    }

    @Test
    void rmspropAndAdagrad() {
        // RMSprop's step stays ≈ lr·sign(g) near the minimum, so the rate is annealed to 0 by cosine decay
        assertMinimises(new RMSprop(new CosineDecay(0.1, 1000)), 1000);
        assertMinimises(new RMSprop(new CosineDecay(0.1, 1000)).momentum(0.5).centered(true), 1000);
        assertMinimises(new Adagrad(1.0), 1000);
    }
}
