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

    // ---------------------------------------------------------------- sampling without replacement
    // Reference values: google/differential-privacy python/dp_accounting/rdp/rdp_privacy_accountant.py
    // (commit 025111e75114a96b8d54ba88e483a2b0f99a2954), _compute_rdp_sample_wor_gaussian, evaluated with
    // numpy 2.4.6 / scipy 1.17.1 on 2026-11-24 (the functions transcribed into a local script; neither TF Privacy's
    // nor dp_accounting's tests publish numbers for this analysis, so the reference implementation's output is
    // the oracle). rtol 1e-9 unless stated.

    @Test
    void withoutReplacementOrderTwoByHand() {
        // α = 2: log A_2 = log(1 + q²·min(4(e^{1/σ²} − 1), 2e^{1/σ²})); q = 0.01, σ = 2: f(2) = 0.25,
        // min(4·0.2840254167, 2·1.2840254167) = 1.1361016668 → log(1 + 1.1361016668e-4) = 1.13603713529e-4.
        double r = RdpAccountant.computeRdpWithoutReplacement(0.01, 2, 1, new double[] {2})[0];
        assertEquals(Math.log1p(1e-4 * 4 * Math.expm1(0.25)), r, 1e-17);
        assertEquals(1.13603713529e-4, r, 1e-14);
    }

    @Test
    void withoutReplacementMatchesDpAccountingIntegerFractionalAndLargeOrders() {
        double[] orders = {1.5, 2, 2.5, 3, 5, 10, 32, 50, 100, 256, 300.5};
        double[] want = {0.00011360371352886809, 0.00011360371352886809, 0.0001520605577062127, 0.000171288979794885,
                0.0002884104968358248, 0.0005912554593388907, 0.002079301633129223, 1.5654824063281627,
                7.855314431919956, 27.37948854732396, 32.94437230815071};
        double[] got = RdpAccountant.computeRdpWithoutReplacement(0.01, 2.0, 1, orders);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-9 * want[i], "q = 0.01, σ = 2, α = " + orders[i]);
        }
        double[] orders2 = {2, 3, 4.5, 8, 20, 64};
        double[] want2 = {0.052939293727797626, 0.09252058745303618, 0.21076034985350803, 1.478554782562137,
                7.61270770743365, 29.67186827347525};
        double[] got2 = RdpAccountant.computeRdpWithoutReplacement(0.1, 1.0, 3, orders2);
        for (int i = 0; i < want2.length; i++) {
            assertEquals(3 * want2[i], got2[i], 1e-9 * want2[i], "q = 0.1, σ = 1, 3 steps, α = " + orders2[i]);
        }
        // MNIST batch rate, small σ, orders on both sides of the exact/approximate switch at 256.
        double[] orders3 = {2, 7, 16, 128, 257, 512};
        double[] want3 = {0.001985884802920389, 7.749115077570519, 26.225492588864345, 250.50556756220314,
                508.5244691063372, 1018.5337551468837};
        double[] got3 = RdpAccountant.computeRdpWithoutReplacement(256.0 / 60_000, 0.5, 1, orders3);
        for (int i = 0; i < want3.length; i++) {
            assertEquals(want3[i], got3[i], 1e-9 * want3[i], "q = 256/60000, σ = 0.5, α = " + orders3[i]);
        }
    }

    @Test
    void withoutReplacementEpsilonOfMnistSettingsMatchesDpAccounting() {
        // (n, batch, σ, epochs) → ε at δ = 1e-5 over DEFAULT_ORDERS, steps = ceil(epochs·n/batch), same oracle:
        assertEquals(5.243466908809535, RdpAccountant.dpSgdEpsilon(Sampling.FIXED_SIZE, 60_000, 256, 1.1, 60, 1e-5)
                .epsilon(), 1e-8);
        PrivacySpent p = RdpAccountant.dpSgdEpsilon(Sampling.FIXED_SIZE, 60_000, 150, 1.3, 15, 1e-5);
        assertEquals(1.4792624695267178, p.epsilon(), 1e-8);
        assertEquals(13.0, p.order());
        assertEquals(11.0497154729737, RdpAccountant.dpSgdEpsilon(Sampling.FIXED_SIZE, 60_000, 256, 0.4621, 1, 1e-5)
                .epsilon(), 1e-7);
        // The replace-one relation costs more than add/remove-one: about twice Poisson's ε here (0.7242, above).
        assertTrue(p.epsilon() > 2 * RdpAccountant.dpSgdEpsilon(60_000, 150, 1.3, 15, 1e-5).epsilon());
    }

    @Test
    void withoutReplacementEdgeCases() {
        assertEquals(0, RdpAccountant.computeRdpWithoutReplacement(0, 1, 5, new double[] {3})[0]);
        // q = 1 is the plain Gaussian mechanism α/(2σ²) (no sampling, so no amplification).
        assertEquals(5 * 3 / (2 * 1.5 * 1.5), RdpAccountant.computeRdpWithoutReplacement(1, 1.5, 5, new double[] {3})[0],
                1e-15);
        RdpAccountant acc = new RdpAccountant().step(Sampling.FIXED_SIZE, 0.01, 1.0, 10);
        assertEquals(Sampling.FIXED_SIZE, acc.sampling());
        assertThrows(IllegalStateException.class, () -> acc.step(Sampling.POISSON, 0.01, 1.0, 1));
        // One step at a time (cached per-step RDP) equals all steps at once.
        RdpAccountant steps = new RdpAccountant();
        for (int i = 0; i < 10; i++) {
            steps.step(Sampling.FIXED_SIZE, 0.01, 1.0, 1);
        }
        assertEquals(acc.epsilon(1e-5).epsilon(), steps.epsilon(1e-5).epsilon(), 1e-12);
        double sigma = RdpAccountant.noiseForEpsilon(Sampling.FIXED_SIZE, 256.0 / 60_000, 234, 3.0, 1e-5);
        double eps = new RdpAccountant().step(Sampling.FIXED_SIZE, 256.0 / 60_000, sigma, 234).epsilon(1e-5).epsilon();
        assertTrue(eps <= 3.0 && eps > 2.95, "ε = " + eps); // σ is bisected to 1e-3 relative
        assertTrue(sigma > RdpAccountant.noiseForEpsilon(256.0 / 60_000, 234, 3.0, 1e-5));
    }
}
