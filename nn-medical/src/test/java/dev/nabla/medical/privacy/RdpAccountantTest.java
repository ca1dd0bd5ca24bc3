package dev.nabla.medical.privacy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Published values of TensorFlow Privacy (github.com/tensorflow/privacy), ported with their parameters:
 * {@code tensorflow_privacy/privacy/analysis/rdp_accountant_test.py} (commit 385fefc) and
 * {@code compute_dp_sgd_privacy_test.py} (commit 943ef91), which use the same improved RDP → (ε, δ)
 * conversion implemented here.
 */
class RdpAccountantTest {

    @Test
    void noDataAndNoSampling() {
        // rdp_accountant_test: compute_rdp(0, 10, 1, 20) == 0 and compute_rdp(1, 10, 1, 20) == 0.1 (α/(2σ²)).
        assertEquals(0, RdpAccountant.computeRdp(0, 10, 1, new double[] {20})[0]);
        assertEquals(0.1, RdpAccountant.computeRdp(1, 10, 1, new double[] {20})[0], 1e-15);
    }

    @Test
    void scalarOrderMatchesTfPrivacy() {
        // test_compute_rdp_scalar: compute_rdp(0.1, 2, 10, 5) ≈ 0.07737 (5 places).
        assertEquals(0.07737, RdpAccountant.computeRdp(0.1, 2, 10, new double[] {5})[0], 5e-6);
    }

    @Test
    void sequenceOfOrdersMatchesTfPrivacyIncludingFractional() {
        // test_compute_rdp_sequence: compute_rdp(0.01, 2.5, 50, [1.5, 2.5, 5, 50, 100]), rtol 1e-4.
        double[] got = RdpAccountant.computeRdp(0.01, 2.5, 50, new double[] {1.5, 2.5, 5, 50, 100});
        double[] want = {6.5007e-04, 1.0854e-03, 2.1808e-03, 2.3846e-02, 1.6742e+02};
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-4 * want[i], "order index " + i);
        }
    }

    @Test
    void constantRdpPicksLargestOrder() {
        // test_get_privacy_spent_check_target_delta: orders 2..32, RDP 1.1 everywhere, δ = 1e-5 → ε = 1.32783806176 at 32.
        double[] orders = new double[31];
        double[] rdp = new double[31];
        for (int i = 0; i < 31; i++) {
            orders[i] = 2 + i;
            rdp[i] = 1.1;
        }
        PrivacySpent p = RdpAccountant.epsilon(orders, rdp, 1e-5);
        assertEquals(1.32783806176, p.epsilon(), 1e-9);
        assertEquals(32, p.order());
    }

    @Test
    void gaussianMechanismCalibratedToOneAtOneInAMillion() {
        // Same test, second half: q = 1, σ = 4.530877117 over orders 1.000..99.999 gives ε = 1 at δ = 1e-6.
        double[] orders = new double[99_000];
        for (int i = 0; i < orders.length; i++) {
            orders[i] = 0.001 * (i + 1000);
        }
        double[] rdp = RdpAccountant.computeRdp(1, 4.530877117, 1, orders);
        assertEquals(1, RdpAccountant.epsilon(orders, rdp, 1e-6).epsilon(), 1e-7);
    }

    @Test
    void dpSgdEpsilonMatchesComputeDpSgdPrivacy() {
        // compute_dp_sgd_privacy_test.py (n, batch, σ, epochs, δ) → (ε, order):
        PrivacySpent t0 = RdpAccountant.dpSgdEpsilon(60_000, 150, 1.3, 15, 1e-5);
        assertEquals(0.7242234026109595, t0.epsilon(), 1e-7);
        assertEquals(19.0, t0.order());
        PrivacySpent t1 = RdpAccountant.dpSgdEpsilon(100_000, 100, 1.0, 30, 1e-7);
        assertEquals(1.4154988495444845, t1.epsilon(), 1e-7);
        assertEquals(13.0, t1.order());
        PrivacySpent t2 = RdpAccountant.dpSgdEpsilon(100_000_000, 1024, 0.1, 10, 1e-7);
        assertEquals(5907982.31138195, t2.epsilon(), 1e-7 * 5907982.31138195);
        assertEquals(1.25, t2.order());
    }

    @Test
    void classicConversionIsLooserThanImproved() {
        RdpAccountant acc = new RdpAccountant().step(150.0 / 60_000, 1.3, 6000);
        double improved = acc.epsilon(1e-5).epsilon();
        double classic = RdpAccountant.classicEpsilon(acc.orders(), acc.rdp(), 1e-5).epsilon();
        assertTrue(classic > improved, classic + " vs " + improved);
        // Mironov 2017 Prop. 3 by hand at α = 2, q = 1: ε = 2/(2σ²) + log(1/δ)/1.
        double[] r = RdpAccountant.computeRdp(1, 2, 1, new double[] {2});
        assertEquals(0.25 + Math.log(1e5), RdpAccountant.classicEpsilon(new double[] {2}, r, 1e-5).epsilon(), 1e-12);
    }

    @Test
    void stepsComposeAdditively() {
        RdpAccountant once = new RdpAccountant().step(0.01, 1.1, 300);
        RdpAccountant split = new RdpAccountant().step(0.01, 1.1, 100).step(0.01, 1.1, 200);
        double[] a = once.rdp();
        double[] b = split.rdp();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-12 * a[i], "order " + once.orders()[i]);
        }
        assertEquals(300, split.steps());
    }

    @Test
    void noiseSearchInvertsEpsilon() {
        double sigma = RdpAccountant.noiseForEpsilon(256.0 / 60_000, 2000, 3.0, 1e-5);
        double eps = new RdpAccountant().step(256.0 / 60_000, sigma, 2000).epsilon(1e-5).epsilon();
        assertTrue(eps <= 3.0 && eps > 2.97, "ε = " + eps + " at σ = " + sigma);
    }

    @Test
    void logErfcMatchesKnownValues() {
        // erfc(0) = 1, erfc(1) = 0.157299207050285, erfc(3) = 2.20904969985854e-5, erfc(10) = 2.08848758376254e-45.
        assertEquals(0, RdpAccountant.logErfc(0), 1e-15);
        assertEquals(Math.log(0.157299207050285), RdpAccountant.logErfc(1), 1e-13);
        assertEquals(Math.log(2.20904969985854e-5), RdpAccountant.logErfc(3), 1e-12);
        assertEquals(Math.log(2.08848758376254e-45), RdpAccountant.logErfc(10), 1e-12);
        assertEquals(Math.log(2 - 0.157299207050285), RdpAccountant.logErfc(-1), 1e-13);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> RdpAccountant.computeRdp(1.5, 1, 1, new double[] {2}));
        assertThrows(IllegalArgumentException.class, () -> RdpAccountant.computeRdp(0.1, 0, 1, new double[] {2}));
        assertThrows(IllegalArgumentException.class, () -> new RdpAccountant(new double[] {1.0}));
        assertThrows(IllegalArgumentException.class, () -> new RdpAccountant().epsilon(0));
    }
}
