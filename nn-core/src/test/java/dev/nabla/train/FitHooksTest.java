package dev.nabla.train;

import dev.nabla.data.Batch;
import dev.nabla.data.Dataset;
import dev.nabla.loss.Losses;
import dev.nabla.metrics.Metrics;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link BatchSampler} and {@link BatchGradients}: fit's pluggable batch drawing and per-batch gradients. */
class FitHooksTest {
    private static Sequential compiled() {
        Sequential m = Fixtures.classifier();
        m.compile(new SGD(0.3), Losses.categoricalCrossentropy(), Metrics.accuracy());
        m.build(2);
        return m;
    }

    /** Consecutive batches in data order, as fit without shuffling and without dropLast draws them. */
    private static final BatchSampler CONSECUTIVE = new BatchSampler() {
        @Override
        public int batchCount(int n, int batchSize) {
            return (n + batchSize - 1) / batchSize;
        }

        @Override
        public List<int[]> epoch(int n, int batchSize, RandomGenerator rng) {
            List<int[]> out = new ArrayList<>();
            for (int from = 0; from < n; from += batchSize) {
                int[] idx = new int[Math.min(batchSize, n - from)];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = from + i;
                }
                out.add(idx);
            }
            return out;
        }
    };

    /** The default rule written as a hook: backward of the batch-mean loss. */
    private static final class Backward implements BatchGradients {
        int begun = -1;

        @Override
        public void begin(Model model, int trainSize, Fit fit) {
            begun = trainSize;
        }

        @Override
        public Result compute(Model model, Batch batch) {
            Tensor p = model.call(batch.x());
            Tensor loss = model.loss().compute(p, batch.y());
            loss.backward();
            return new Result(loss.item(), batch.size(), p.detach());
        }

        @Override
        public Map<String, Double> epochLogs(Model model, int epoch) {
            return Map.of("hook_epoch", (double) epoch);
        }
    }

    @Test
    void hooksThatRestateTheDefaultGiveTheSameWeightsAndLosses() {
        Dataset data = Fixtures.classification(11, 5);
        Sequential plain = compiled();
        History h1 = plain.fit(data, Fit.epochs(2).batchSize(4).shuffle(false).verbose(false));
        Sequential hooked = compiled();
        Backward rule = new Backward();
        History h2 = hooked.fit(data, Fit.epochs(2).batchSize(4).verbose(false).batchSampler(CONSECUTIVE)
                .batchGradients(rule));
        // Same float operations in the same order: bit-identical.
        assertArrayEquals(Fixtures.flat(plain), Fixtures.flat(hooked));
        assertEquals(h1.get("loss"), h2.get("loss"));
        assertEquals(h1.get("accuracy"), h2.get("accuracy"));
        assertEquals(11, rule.begun);
        assertEquals(List.of(0.0, 1.0), h2.get("hook_epoch"));
    }

    @Test
    void samplerGetsTheEpochGeneratorAndEmptyBatchesReachTheGradientsAsNull() {
        Dataset data = Fixtures.classification(6, 2);
        Sequential model = compiled();
        List<Long> firstDraws = new ArrayList<>();
        List<Batch> seen = new ArrayList<>();
        BatchSampler sampler = new BatchSampler() {
            @Override
            public int batchCount(int n, int batchSize) {
                return 2;
            }

            @Override
            public List<int[]> epoch(int n, int batchSize, RandomGenerator rng) {
                firstDraws.add(rng.nextLong());
                return List.of(new int[0], new int[] {5, 0, 5});
            }
        };
        BatchGradients rule = (m, batch) -> {
            seen.add(batch);
            if (batch == null) {
                m.trainableWeights().forEach(Tensor::zeroGrad);
                return new BatchGradients.Result(Double.NaN, 0, null);
            }
            Tensor loss = m.loss().compute(m.call(batch.x()), batch.y());
            loss.backward();
            return new BatchGradients.Result(loss.item(), batch.size(), null);
        };
        long seed = 77;
        History h = model.fit(data, Fit.epochs(2).batchSize(3).seed(seed).verbose(false).batchSampler(sampler)
                .batchGradients(rule));
        // fit's per-epoch generator: SplittableRandom(seed + epoch · 0x9E3779B97F4A7C15).
        assertEquals(new java.util.SplittableRandom(seed).nextLong(), firstDraws.get(0));
        assertEquals(new java.util.SplittableRandom(seed + 0x9E3779B97F4A7C15L).nextLong(), firstDraws.get(1));
        assertNull(seen.get(0));
        // Rows 5, 0, 5 in that order.
        Batch b = seen.get(1);
        assertArrayEquals(new float[] {data.x().get(5, 0), data.x().get(5, 1), data.x().get(0, 0), data.x().get(0, 1),
                data.x().get(5, 0), data.x().get(5, 1)}, b.x().contiguous().toArray());
        // The empty batch does not count in the epoch's loss: it is the second batch's loss alone.
        assertTrue(Double.isFinite(h.get("loss").get(0)));
        assertEquals(4, seen.size());
    }
}
