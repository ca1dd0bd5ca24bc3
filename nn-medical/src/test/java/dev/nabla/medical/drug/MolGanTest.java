package dev.nabla.medical.drug;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nabla.tensor.Tensor;

class MolGanTest {
    private static final List<String> TRAIN = List.of("OCC", "c1ccccc1", "n1ccccc1", "CC(=O)O", "C#N", "CCN", "OC1CC1", "CC=O");

    private static List<String> canonical(List<String> smiles) throws Exception {
        var out = new java.util.ArrayList<String>();
        for (String s : smiles) {
            out.add(Chem.canonicalSmiles(MoleculeReader.parseSmiles(s, "t", 1, null)));
        }
        return out;
    }

    @Test
    void twoSeededRunsGiveIdenticalWeights() throws Exception {
        var cfg = new MolGanConfig("molgan", GraphSpec.QM9, 32, 8, 3, 1e-3, 1e-4, 1, 0.8, 5, true, 20, 1);
        var a = MolGanTrainer.train(cfg, canonical(TRAIN), 0, null);
        var b = MolGanTrainer.train(cfg, canonical(TRAIN), 0, null);
        var wa = a.namedWeights();
        var wb = b.namedWeights();
        assertEquals(wa.keySet(), wb.keySet());
        for (String k : wa.keySet()) {
            assertArrayEquals(wa.get(k).toArray(), wb.get(k).toArray(), k);
        }
        var fresh = new MolGan(cfg);
        assertFalse(java.util.Arrays.equals(fresh.namedWeights().get("discriminator/logit/kernel").toArray(),
                wa.get("discriminator/logit/kernel").toArray()), "training changed nothing");
        var other = new MolGan(new MolGanConfig("molgan", GraphSpec.QM9, 32, 32, 3, 1e-3, 1e-4, 1, 0.5, 1, true, 10, 2));
        assertFalse(java.util.Arrays.equals(fresh.namedWeights().get("discriminator/logit/kernel").toArray(),
                other.namedWeights().get("discriminator/logit/kernel").toArray()), "another seed gave the same weights");
    }

    @Test
    void baselineTrainsAndSaveLoadKeepsSamples(@TempDir Path tmp) throws Exception {
        var cfg = new MolGanConfig("baseline", GraphSpec.QM9, 32, 8, 2, 1e-3, 1e-4, 1, 0.8, 5, true, 20, 1);
        // model selection at every step on 10 samples per temperature: the temperature kept is one of those tried and is saved
        var gan = MolGanTrainer.train(cfg, canonical(TRAIN), 0, null, 1, 10);
        assertTrue(java.util.Arrays.stream(MolGanTrainer.SELECTION_TEMPERATURES)
                .anyMatch(t -> t[0] == gan.atomTemperature() && t[1] == gan.bondTemperature()),
                "kept temperatures " + gan.atomTemperature() + ", " + gan.bondTemperature());
        gan.setSamplingTemperatures(0.625, 0.25);
        gan.save(tmp.resolve("m.safetensors"));
        var back = MolGan.load(tmp.resolve("m.safetensors"));
        assertEquals(cfg, back.config());
        assertEquals(0.625, back.atomTemperature());
        assertEquals(0.25, back.bondTemperature());
        var s1 = gan.sample(20, 1.0, 5);
        var s2 = back.sample(20, 1.0, 5);
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(s1.get(i).atoms(), s2.get(i).atoms());
        }
    }

    @Test
    void selectionWithADecodingKeepsOneOfItsTemperaturesAndSavesTheDecoding(@TempDir Path tmp) throws Exception {
        var cfg = new MolGanConfig("baseline", GraphSpec.QM9, 32, 8, 2, 1e-3, 1e-4, 1, 0.8, 5, true, 20, 1);
        var gan = MolGanTrainer.train(cfg, canonical(TRAIN), 0, null, 1, 10, 2, Decoding.VALENCE_MASK);
        assertEquals(Decoding.VALENCE_MASK, gan.decoding());
        assertTrue(java.util.Arrays.stream(MolGanTrainer.MASKED_SELECTION_TEMPERATURES)
                .anyMatch(t -> t[0] == gan.atomTemperature() && t[1] == gan.bondTemperature()),
                "kept temperatures " + gan.atomTemperature() + ", " + gan.bondTemperature());
        // the mask and the joining only change over-valent or disconnected draws: validity can only rise
        double[] plain = MolGanTrainer.selectionMetrics(gan, canonical(TRAIN), 77, gan.atomTemperature(), gan.bondTemperature(), 50, Decoding.PLAIN);
        double[] masked = MolGanTrainer.selectionMetrics(gan, canonical(TRAIN), 77, gan.atomTemperature(), gan.bondTemperature(), 50, Decoding.VALENCE_MASK);
        double[] joined = MolGanTrainer.selectionMetrics(gan, canonical(TRAIN), 77, gan.atomTemperature(), gan.bondTemperature(), 50, Decoding.CONNECTED);
        assertTrue(masked[0] >= plain[0] && joined[0] >= masked[0], "validity plain " + plain[0] + ", mask " + masked[0] + ", connected " + joined[0]);
        gan.save(tmp.resolve("m.safetensors"));
        assertEquals(Decoding.VALENCE_MASK, MolGan.load(tmp.resolve("m.safetensors")).decoding());
        gan.setDecoding(Decoding.CONNECTED);
        gan.save(tmp.resolve("c.safetensors"));
        assertEquals(Decoding.CONNECTED, MolGan.load(tmp.resolve("c.safetensors")).decoding());
        // plain selection keeps plain decoding
        assertEquals(Decoding.PLAIN, MolGanTrainer.train(cfg, canonical(TRAIN), 0, null, 0, 10, 0, Decoding.PLAIN).decoding());
        assertEquals(Decoding.CONNECTED, Decoding.of("Connected"));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Decoding.of("argmax"));
        assertTrue(e.getMessage().contains("[plain, mask, connected]") && e.getMessage().contains("'argmax'"), e.getMessage());
    }

    @Test
    void joiningFragmentsAddsTheBestScoringBondThatFitsAndNothingWhenNoneFits() {
        // atoms: 0 C, 1 C, 2 O, 3 F (QM9 types 1..4 = C, N, O, F); fragments {0,1} and {2} and {3}
        int n = 4;
        int nb = 4;
        int[] at = {1, 1, 3, 4};
        int[][] bo = new int[n][n];
        bo[0][1] = bo[1][0] = 3; // C#C: each carbon has 1 to spare
        int[] used = {3, 3, 0, 0};
        int[] cap = {0, 4, 3, 2, 1};
        float[] a = new float[n * n * nb];
        java.util.function.BiFunction<Integer, Integer, Integer> off = (i, j) -> (i * n + j) * nb;
        a[off.apply(0, 2) + 1] = 0.5f;  // C0-O single
        a[off.apply(1, 2) + 1] = 0.9f;  // C1-O single: best across fragments
        a[off.apply(1, 2) + 2] = 5.0f;  // C1=O double scores higher but C1 has only 1 to spare
        a[off.apply(2, 3) + 1] = 0.7f;  // O-F single
        a[off.apply(0, 3) + 1] = 0.1f;  // C0-F single
        ValenceMask.joinFragments(at, bo, used, cap, a, 0, n, nb);
        assertEquals(1, bo[1][2]);
        assertEquals(1, bo[2][1]);
        assertEquals(1, bo[2][3], "then O (1 to spare) takes F by the best remaining score");
        assertEquals(0, bo[0][2]);
        assertEquals(0, bo[0][3]);
        assertArrayEquals(new int[] {3, 4, 2, 1}, used);
        // no valence to spare across fragments: the graph stays as it was
        int[][] full = new int[2][2];
        ValenceMask.joinFragments(new int[] {4, 4}, full, new int[] {1, 1}, cap, new float[2 * 2 * nb], 0, 2, nb);
        assertEquals(0, full[0][1]);
    }

    @Test
    void gumbelSamplesAreSymmetricOneHotsWithTheSoftGradient() {
        var rng = new SplittableRandom(3);
        Tensor atoms = Tensor.randn(rng, 2, 9, 5).requiresGrad(true);
        Tensor bonds = Tensor.randn(rng, 2, 9, 9, 4);
        bonds = bonds.add(bonds.permute(0, 2, 1, 3)).requiresGrad(true);
        var g = new GraphLogits(atoms, bonds).gumbel(rng, 1.0, true);
        float[] x = g.atoms().toArray();
        for (int s = 0; s < 18; s++) {
            float sum = 0;
            for (int t = 0; t < 5; t++) {
                assertTrue(x[s * 5 + t] == 0f || Math.abs(x[s * 5 + t] - 1f) < 1e-6);
                sum += x[s * 5 + t];
            }
            assertEquals(1f, sum, 1e-5);
        }
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < 9; i++) {
                for (int j = 0; j < 9; j++) {
                    for (int k = 0; k < 4; k++) {
                        assertEquals(g.bonds().get(s, i, j, k), g.bonds().get(s, j, i, k), 1e-6);
                    }
                }
            }
        }
        // d/dℓ Σ w·y_st = that of the softmax: non-zero although the forward value is a constant one-hot
        g.atoms().mul(Tensor.arange(5).reshape(1, 1, 5)).sum().backward();
        float norm = 0;
        for (float v : atoms.grad().toArray()) {
            norm += Math.abs(v);
        }
        assertTrue(norm > 1e-3, "no gradient through the straight-through estimator");
    }

    @Test
    void separateTemperaturesReproduceTheJointSamplerAndArgmaxAtZero() {
        var rng = new SplittableRandom(4);
        Tensor atoms = Tensor.randn(rng, 3, 9, 5);
        Tensor bonds = Tensor.randn(rng, 3, 9, 9, 4);
        bonds = bonds.add(bonds.permute(0, 2, 1, 3));
        var l = new GraphLogits(atoms, bonds);
        // equal temperatures: the same draws as the training sampler on ℓ / T
        var joint = new GraphLogits(atoms.div(0.7f), bonds.div(0.7f)).gumbel(new SplittableRandom(9), 1.0, true).toGraphs();
        var split = l.sampleScores(new SplittableRandom(9), 0.7, 0.7).toGraphs();
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(joint.get(i).atoms(), split.get(i).atoms());
            assertTrue(java.util.Arrays.deepEquals(joint.get(i).bonds(), split.get(i).bonds()));
        }
        // bond temperature 0: the bonds are argmax ℓ whatever the atoms' noise; the atoms still vary with the seed
        var argmax = l.probabilities().toGraphs();
        var a = l.sampleScores(new SplittableRandom(1), 1.0, 0).toGraphs();
        var b = l.sampleScores(new SplittableRandom(2), 1.0, 0).toGraphs();
        boolean atomsDiffer = false;
        for (int i = 0; i < 3; i++) {
            assertTrue(java.util.Arrays.deepEquals(argmax.get(i).bonds(), a.get(i).bonds()));
            assertTrue(java.util.Arrays.deepEquals(argmax.get(i).bonds(), b.get(i).bonds()));
            atomsDiffer |= !java.util.Arrays.equals(a.get(i).atoms(), b.get(i).atoms());
        }
        assertTrue(atomsDiffer, "atom temperature 1 drew the same atoms with two seeds");
    }

    @Test
    void valenceMaskNeverDrawsAnOvervalentAtomAndKeepsDrawsThatWereWithinValence() {
        var spec = GraphSpec.LARGE; // C, N, O, F, S, Cl: caps 4, 3, 2, 1, 6, 1
        int[] cap = {0, 4, 3, 2, 1, 6, 1};
        var rng = new SplittableRandom(11);
        int b = 64;
        int n = spec.maxAtoms();
        // bond logits tilted towards double and triple bonds: most unmasked draws are over-valent
        float[] tilt = new float[b * n * n * 4];
        for (int i = 0; i < tilt.length; i++) {
            tilt[i] = (i % 4) * 0.8f;
        }
        Tensor bonds = Tensor.randn(rng, b, n, n, 4).add(Tensor.wrap(tilt, b, n, n, 4));
        var l = new GraphLogits(Tensor.randn(rng, b, n, spec.atomTypes()), bonds.add(bonds.permute(0, 2, 1, 3)));
        var plain = l.sampleScores(new SplittableRandom(5), 1.0, 1.0).toGraphs();
        var masked = ValenceMask.toGraphs(l.sampleScores(new SplittableRandom(5), 1.0, 1.0), spec);
        int overvalentPlain = 0;
        int unchanged = 0;
        for (int s = 0; s < b; s++) {
            var g = masked.get(s);
            var p = plain.get(s);
            assertArrayEquals(p.atoms(), g.atoms(), "the mask changed atom types");
            boolean plainOver = false;
            for (int i = 0; i < n; i++) {
                int sumMasked = 0;
                int sumPlain = 0;
                for (int j = 0; j < n; j++) {
                    assertEquals(g.bonds()[i][j], g.bonds()[j][i], "asymmetric bond");
                    if (j != i && g.atoms()[i] != 0 && g.atoms()[j] != 0) {
                        sumMasked += g.bonds()[i][j];
                        sumPlain += p.bonds()[i][j];
                    }
                }
                if (g.atoms()[i] != 0) {
                    assertTrue(sumMasked <= cap[g.atoms()[i]], "sample " + s + " atom " + i + " (" + spec.element(g.atoms()[i])
                            + ") has bond-order sum " + sumMasked);
                    plainOver |= sumPlain > cap[g.atoms()[i]];
                }
            }
            assertTrue(g.decode(spec).failure() != MolecularGraph.Failure.VALENCE, "masked sample " + s + " failed the valence check");
            if (plainOver) {
                overvalentPlain++;
            } else {
                // within valence everywhere without the mask: the mask must not change the draw
                assertTrue(java.util.Arrays.deepEquals(p.bonds(), g.bonds()), "the mask changed a draw that was within valence");
                unchanged++;
            }
        }
        assertTrue(overvalentPlain > b / 2, "the test logits should make most plain draws over-valent, got " + overvalentPlain);
        assertTrue(unchanged + overvalentPlain == b);
    }

    @Test
    void maskedSamplingOfAModelKeepsEverySample() {
        var gan = new MolGan(new MolGanConfig("molgan", GraphSpec.QM9, 32, 8, 0, 1e-3, 1e-4, 1, 0.8, 5, true, 20, 3));
        var plain = gan.sample(300, 1.0, 1.0, 77);
        var masked = gan.sample(300, 1.0, 1.0, 77, Decoding.VALENCE_MASK);
        assertEquals(300, masked.size());
        long valencePlain = plain.stream().filter(g -> g.decode(GraphSpec.QM9).failure() == MolecularGraph.Failure.VALENCE).count();
        long valenceMasked = masked.stream().filter(g -> g.decode(GraphSpec.QM9).failure() == MolecularGraph.Failure.VALENCE).count();
        assertTrue(valencePlain > 0, "an untrained generator should draw over-valent graphs");
        assertEquals(0, valenceMasked);
        for (int i = 0; i < 300; i++) {
            assertArrayEquals(plain.get(i).atoms(), masked.get(i).atoms(), "same seed, same atom draws");
        }
    }

    @Test
    void valencePenaltyIsZeroForRealMoleculesAndPositiveForOverbondedFluorine() throws Exception {
        var pen = new ValencePenalty(GraphSpec.QM9);
        var ok = GraphBatch.of(List.of(MoleculeCuration.graphOf("CC(=O)O", GraphSpec.QM9), MoleculeCuration.graphOf("c1ccccc1", GraphSpec.QM9)), GraphSpec.QM9);
        assertEquals(0f, pen.of(ok).item(), 0);
        int[] atoms = new int[9];
        atoms[0] = 4;
        atoms[1] = 1;
        int[][] b = new int[9][9];
        b[0][1] = b[1][0] = 2; // F=C: fluorine excess 1 → penalty 1² / 9 slots / 1 graph
        var bad = GraphBatch.of(List.of(new MolecularGraph(atoms, b)), GraphSpec.QM9);
        assertEquals(1 / 9f, pen.of(bad).item(), 1e-6);
        assertEquals(0f, pen.isolation(ok).item(), 0);
        assertEquals(0f, pen.isolation(bad).item(), 0);
        // soft atoms: slot 0 half C (capacity 4), half O (capacity 2) with three single bonds to C atoms;
        // the expected capacity 3 would hide it, the per-type excess is ½·relu(3 − 4)² + ½·relu(3 − 2)² = ½ → ½ / 9 slots
        float[] x = new float[9 * 5];
        x[1] = 0.5f;
        x[3] = 0.5f;
        for (int i = 1; i < 4; i++) {
            x[i * 5 + 1] = 1f;
        }
        for (int i = 4; i < 9; i++) {
            x[i * 5] = 1f;
        }
        float[] a = new float[9 * 9 * 4];
        for (int i = 0; i < 9; i++) {
            for (int j = 0; j < 9; j++) {
                a[(i * 9 + j) * 4 + ((i == 0) != (j == 0) && i < 4 && j < 4 ? 1 : 0)] = 1f;
            }
        }
        assertEquals(0.5f / 9, pen.of(new GraphBatch(Tensor.wrap(x, 1, 9, 5), Tensor.wrap(a, 1, 9, 9, 4))).item(), 1e-6);
        atoms[2] = 1; // a third atom, C, without a bond: lack 1 → 1² / 9 slots
        assertEquals(1 / 9f, pen.isolation(GraphBatch.of(List.of(new MolecularGraph(atoms, b)), GraphSpec.QM9)).item(), 1e-6);
    }

    @Test
    void discriminatorIsInvariantToBondsOnEmptySlots() throws Exception {
        var d = new GraphDiscriminator("d", GraphSpec.QM9, new int[] {8, 4}, 8, new int[] {4}, false, 1);
        var g = MoleculeCuration.graphOf("OCC", GraphSpec.QM9);
        int[][] bonds = new int[9][];
        for (int i = 0; i < 9; i++) {
            bonds[i] = g.bonds()[i].clone();
        }
        bonds[5][7] = bonds[7][5] = 2; // between two empty slots
        bonds[0][6] = bonds[6][0] = 1; // to an empty slot
        float a = d.call(GraphBatch.of(List.of(g), GraphSpec.QM9)).item();
        float b = d.call(GraphBatch.of(List.of(new MolecularGraph(g.atoms(), bonds)), GraphSpec.QM9)).item();
        assertEquals(a, b, 1e-6);
        bonds[0][1] = bonds[1][0] = 2; // a real change
        float c = d.call(GraphBatch.of(List.of(new MolecularGraph(g.atoms(), bonds)), GraphSpec.QM9)).item();
        assertTrue(Math.abs(a - c) > 1e-6);
    }
}
