package dev.nabla.medical.drug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class MoleculeMetricsTest {
    @Test
    void validityUniquenessNoveltyOnAHandMadeSet() {
        // 10 samples: 2 invalid (null), 8 valid of which 5 distinct; 2 of the 5 are in the training set.
        List<String> s = Arrays.asList("CCO", null, "CCO", "CCN", "c1ccccc1", null, "CCO", "CC", "CCN", "CO");
        assertEquals(0.8, MoleculeMetrics.validity(s), 1e-12);
        assertEquals(5 / 8.0, MoleculeMetrics.uniqueness(s), 1e-12);
        List<String> train = List.of("CCO", "CC", "CCCC");
        assertEquals(3 / 5.0, MoleculeMetrics.novelty(s, train), 1e-12);
        // per sample: valid ones not in train: CCN, c1ccccc1, CCN, CO = 4 of 8
        assertEquals(0.5, MoleculeMetrics.noveltyPerSample(s, train), 1e-12);
        assertEquals(0, MoleculeMetrics.validity(List.of()), 0);
        assertEquals(0, MoleculeMetrics.uniqueness(Arrays.asList(null, null)), 0);
    }

    @Test
    void tanimotoByHand() throws Exception {
        BitSet a = BitSet.valueOf(new long[] {0b1011});
        BitSet b = BitSet.valueOf(new long[] {0b0110});
        assertEquals(1 / 4.0, MoleculeMetrics.tanimoto(a, b), 1e-12); // and {1}, or {0,1,2,3}
        BitSet caffeine = MoleculeMetrics.ecfp4("CN1C=NC2=C1C(=O)N(C(=O)N2C)C");
        assertEquals(1.0, MoleculeMetrics.tanimoto(caffeine, MoleculeMetrics.ecfp4("Cn1cnc2n(C)c(=O)n(C)c(=O)c12")), 0);
        double far = MoleculeMetrics.tanimoto(MoleculeMetrics.ecfp4("c1ccccc1"), MoleculeMetrics.ecfp4("CCO"));
        assertTrue(far < 0.2, "benzene vs ethanol share few ECFP4 bits: " + far);
        // three fingerprints: distances 1 − 1/4, 1 − 1 (a with a), 1 − 1/4 → mean (0.75 + 0 + 0.75) / 3
        assertEquals(0.5, MoleculeMetrics.internalDiversity(List.of(a, b, (BitSet) a.clone())), 1e-12);
        assertEquals(0, MoleculeMetrics.internalDiversityOfSmiles(List.of("CCO", "CCO")), 0);
    }

    @Test
    void propertiesOfKnownDrugs() throws Exception {
        // Aspirin: MW 180.16 g/mol, TPSA 63.6 Å² (PubChem CID 2244); 1 donor; passes the rule of five.
        var aspirin = MolecularProperties.of(MoleculeReader.parseSmiles("CC(=O)OC1=CC=CC=C1C(=O)O", "t", 1, null));
        assertEquals(180.16, aspirin.mw(), 0.01);
        assertEquals(63.6, aspirin.tpsa(), 0.05);
        assertEquals(1, aspirin.hbd());
        assertTrue(aspirin.passesRuleOfFive());
        // Ethanol: MW 46.07, TPSA 20.23 (Ertl's OH contribution), 1 donor, 1 acceptor.
        var ethanol = MolecularProperties.of(MoleculeReader.parseSmiles("CCO", "t", 1, null));
        assertEquals(46.07, ethanol.mw(), 0.01);
        assertEquals(20.23, ethanol.tpsa(), 0.01);
        assertEquals(1, ethanol.hbd());
        assertEquals(1, ethanol.hba());
        // n-C40 alkane: MW 563 > 500 and XLogP far above 5: two violations, fails.
        var wax = MolecularProperties.of(MoleculeReader.parseSmiles("C".repeat(40), "t", 1, null));
        assertEquals(2, wax.violations());
        assertTrue(!wax.passesRuleOfFive());
    }
}
