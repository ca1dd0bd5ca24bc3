package dev.nabla.medical.privacy;

import dev.nabla.data.Dataset;
import dev.nabla.loss.Loss;
import dev.nabla.loss.Losses;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FederatedAveragingTest {
    private static final Loss CCE = Losses.categoricalCrossentropy();
    private static final Supplier<Sequential> MLP = () -> new Sequential(new Dense(6).activation(Activation.TANH),
            new Dense(3).activation(Activation.SOFTMAX)).seed(17);

    @Test
    void identicalSitesWithOneLocalStepEqualCentralisedSgd() {
        Dataset data = blobs(60, 1);
        List<Site> sites = List.of(new Site("a", data, 1), new Site("b", data, 2), new Site("c", data, 3));
        FederatedAveraging fed = new FederatedAveraging(MLP, new int[] {4}, CCE, sites, 5)
                .learningRate(0.3).localEpochs(1).localBatchSize(Integer.MAX_VALUE);
        fed.round();
        assertWeightsEqual(centralisedFullBatchStep(data, 0.3), fed.globalWeights());
    }

    @Test
    void differentSitesWithOneFullBatchStepEqualCentralisedSgdOnTheirUnion() {
        // FedSGD (E = 1, B = ∞): Σ_k (n_k/n)(w − η∇L_k) = w − η∇L on the union, for unequal site sizes.
        Dataset data = blobs(90, 2);
        List<Site> sites = List.of(new Site("a", data.slice(0, 20), 1), new Site("b", data.slice(20, 55), 2),
                new Site("c", data.slice(55, 90), 3));
        FederatedAveraging fed = new FederatedAveraging(MLP, new int[] {4}, CCE, sites, 5)
                .learningRate(0.3).localBatchSize(Integer.MAX_VALUE);
        fed.round();
        assertWeightsEqual(centralisedFullBatchStep(data, 0.3), fed.globalWeights());
    }

    @Test
    void iidAndLabelSkewedPartitionsCoverTheDataOnce() {
        Dataset data = blobs(300, 3);
        for (List<Site> sites : List.of(Partitions.iid(data, 5, 1), Partitions.labelSkewed(data, 5, 2, 1))) {
            int total = 0;
            for (Site s : sites) {
                total += s.size();
            }
            assertEquals(300, total);
        }
        // Label skew: 3 sites × 2 shards of 50 label-sorted examples; classes hold 100 each, so every shard lies in one
        // class and a site sees at most 2 of the 3 classes. The IID split sees all three everywhere.
        for (Site s : Partitions.labelSkewed(data, 3, 2, 1)) {
            assertTrue(classes(s) <= 2, s + ": " + classes(s));
        }
        for (Site s : Partitions.iid(data, 5, 1)) {
            assertEquals(3, classes(s));
        }
    }

    @Test
    void federatedTrainingLearnsOnSkewedSites() {
        Dataset data = blobs(600, 4);
        FederatedAveraging fed = new FederatedAveraging(MLP, new int[] {4}, CCE, Partitions.labelSkewed(data, 6, 2, 9), 5)
                .learningRate(0.2).localEpochs(2).localBatchSize(16);
        for (int r = 0; r < 10; r++) {
            fed.round();
        }
        double acc = Accuracy.of(fed.globalModel(), data);
        assertTrue(acc > 0.9, "accuracy " + acc);
    }

    @Test
    void clippedUpdatesMoveTheModelAtMostTheClipNorm() {
        Dataset data = blobs(120, 5);
        FederatedAveraging fed = new FederatedAveraging(MLP, new int[] {4}, CCE, Partitions.iid(data, 4, 2), 5)
                .learningRate(0.5).localEpochs(3).localBatchSize(8).withUpdateNoise(0.01, 0);
        float[][] before = fed.globalWeights();
        fed.round();
        // A weighted average of updates clipped to S has norm ≤ S (equal only if they all point the same way).
        double moved = distance(before, fed.globalWeights());
        assertTrue(moved <= 0.01 + 1e-6 && moved > 0.005, "moved " + moved);
        FederatedAveraging one = new FederatedAveraging(MLP, new int[] {4}, CCE, List.of(new Site("only", data, 1)), 5)
                .learningRate(0.5).localEpochs(3).localBatchSize(8).withUpdateNoise(0.01, 0);
        float[][] start = one.globalWeights();
        one.round();
        assertEquals(0.01, distance(start, one.globalWeights()), 1e-5); // one site: its update, clipped to exactly S
        assertTrue(Double.isInfinite(fed.spent(1e-5).epsilon()));
        FederatedAveraging noisy = new FederatedAveraging(MLP, new int[] {4}, CCE, Partitions.iid(data, 4, 2), 5)
                .withUpdateNoise(0.01, 1.0);
        noisy.round();
        noisy.round();
        // Two rounds, all sites (q = 1), σ = 1: the Gaussian mechanism twice.
        assertEquals(new RdpAccountant().step(1.0, 1.0, 2).epsilon(1e-5).epsilon(), noisy.spent(1e-5).epsilon(), 1e-12);
    }

    @Test
    void siteApiGivesOutNoRecords() {
        for (Method m : Site.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers())) {
                assertFalse(Dataset.class.isAssignableFrom(m.getReturnType()) || Tensor.class.isAssignableFrom(m.getReturnType()),
                        "public Site." + m.getName() + " returns " + m.getReturnType().getSimpleName());
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static float[][] centralisedFullBatchStep(Dataset data, double lr) {
        Sequential m = MLP.get();
        m.build(4);
        m.setTraining(true);
        CCE.compute(m.call(data.x()), data.y()).backward();
        new SGD(lr).step(m.trainableWeights());
        return ModelWeights.get(m);
    }

    private static void assertWeightsEqual(float[][] want, float[][] got) {
        assertEquals(want.length, got.length);
        for (int p = 0; p < want.length; p++) {
            for (int i = 0; i < want[p].length; i++) {
                assertEquals(want[p][i], got[p][i], 1e-6, "weight " + p + "[" + i + "]");
            }
        }
    }

    private static double distance(float[][] a, float[][] b) {
        double s = 0;
        for (int p = 0; p < a.length; p++) {
            for (int i = 0; i < a[p].length; i++) {
                s += (double) (a[p][i] - b[p][i]) * (a[p][i] - b[p][i]);
            }
        }
        return Math.sqrt(s);
    }

    private static int classes(Site s) {
        Set<Integer> set = new HashSet<>();
        for (int l : Accuracy.labels(s.localDataForTests().y())) {
            set.add(l);
        }
        return set.size();
    }

    /** Three Gaussian blobs in 4-D, classes in turn. */
    static Dataset blobs(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = (float) (r.nextGaussian() * 0.7 + (j == y[i] ? 2 : 0));
            }
        }
        return Dataset.of(Tensor.of(x, n, 4), Dataset.oneHot(y, 3));
    }
}
