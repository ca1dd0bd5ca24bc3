package dev.nabla.medical.drug;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.fingerprint.CircularFingerprinter;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * The generation metrics, over a list of decoded samples (one entry per generated graph):
 * <ul>
 *   <li>validity = valid / samples;</li>
 *   <li>uniqueness = distinct canonical SMILES among the valid / valid;</li>
 *   <li>novelty = distinct valid SMILES not in the training set / distinct valid SMILES (GuacaMol's
 *       definition; MolGAN's counts every valid sample, duplicates included — {@link #noveltyPerSample});</li>
 *   <li>internal diversity = mean over distinct pairs of {@code 1 − T(a, b)}, with the Tanimoto coefficient
 *       {@code T(a, b) = |a ∧ b| / |a ∨ b|} on ECFP4 bit vectors (CDK {@code CircularFingerprinter}, 1024 bits).</li>
 * </ul>
 * All ratios are 0 when their denominator is 0.
 */
public final class MoleculeMetrics {
    private MoleculeMetrics() {
    }

    /** Fraction of samples that decoded to a molecule; {@code null} entries are invalid samples. */
    public static double validity(List<String> samples) {
        if (samples.isEmpty()) {
            return 0;
        }
        return valid(samples).size() / (double) samples.size();
    }

    /** Distinct valid SMILES / valid samples. */
    public static double uniqueness(List<String> samples) {
        List<String> v = valid(samples);
        return v.isEmpty() ? 0 : new LinkedHashSet<>(v).size() / (double) v.size();
    }

    /** Distinct valid SMILES not in {@code training} / distinct valid SMILES. */
    public static double novelty(List<String> samples, Collection<String> training) {
        Set<String> u = new LinkedHashSet<>(valid(samples));
        if (u.isEmpty()) {
            return 0;
        }
        Set<String> train = Set.copyOf(training);
        return u.stream().filter(s -> !train.contains(s)).count() / (double) u.size();
    }

    /** MolGAN's novelty: valid samples (duplicates counted) not in {@code training} / valid samples. */
    public static double noveltyPerSample(List<String> samples, Collection<String> training) {
        List<String> v = valid(samples);
        if (v.isEmpty()) {
            return 0;
        }
        Set<String> train = Set.copyOf(training);
        return v.stream().filter(s -> !train.contains(s)).count() / (double) v.size();
    }

    /** The non-null entries. */
    public static List<String> valid(List<String> samples) {
        List<String> v = new ArrayList<>();
        for (String s : samples) {
            if (s != null) {
                v.add(s);
            }
        }
        return v;
    }

    /** ECFP4 (diameter 4, 1024 bits) of a molecule. */
    public static BitSet ecfp4(IAtomContainer mol) throws CDKException {
        return new CircularFingerprinter(CircularFingerprinter.CLASS_ECFP4, 1024).getBitFingerprint(mol).asBitSet();
    }

    /** ECFP4 of a SMILES string. */
    public static BitSet ecfp4(String smiles) throws CDKException, MoleculeFormatException {
        return ecfp4(MoleculeReader.parseSmiles(smiles, "smiles", 0, null));
    }

    /** Tanimoto coefficient {@code |a ∧ b| / |a ∨ b|}; 1 for two empty sets. */
    public static double tanimoto(BitSet a, BitSet b) {
        BitSet and = (BitSet) a.clone();
        and.and(b);
        BitSet or = (BitSet) a.clone();
        or.or(b);
        return or.isEmpty() ? 1 : and.cardinality() / (double) or.cardinality();
    }

    /** Mean pairwise Tanimoto distance {@code 1 − T} over the distinct pairs of fingerprints; 0 for fewer than two. */
    public static double internalDiversity(List<BitSet> fps) {
        int n = fps.size();
        if (n < 2) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                sum += 1 - tanimoto(fps.get(i), fps.get(j));
            }
        }
        return sum / ((double) n * (n - 1) / 2);
    }

    /** Internal diversity of the distinct valid SMILES among {@code samples}. */
    public static double internalDiversityOfSmiles(Collection<String> smiles) throws CDKException, MoleculeFormatException {
        List<BitSet> fps = new ArrayList<>();
        for (String s : new LinkedHashSet<>(smiles)) {
            if (s != null) {
                fps.add(ecfp4(s));
            }
        }
        return internalDiversity(fps);
    }
}
