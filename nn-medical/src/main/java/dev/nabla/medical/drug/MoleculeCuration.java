package dev.nabla.medical.drug;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.tools.CDKHydrogenAdder;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

/**
 * Turns parsed records into the canonical SMILES of a training set for one {@link GraphSpec}: keeps the
 * largest fragment (strips salts), requires neutral atoms of the vocabulary with their usual valence
 * and at most {@code maxAtoms} heavy atoms, canonicalises, checks that graph encoding and decoding give
 * the same canonical SMILES back, and de-duplicates. Every record left out is counted under its reason.
 */
public final class MoleculeCuration {
    /** Reasons a record is left out (keys of {@link Result#rejected()}). */
    public static final String ELEMENT = "element outside vocabulary", SIZE = "too many heavy atoms",
            CHARGE = "charged atom", RADICAL = "radical", VALENCE = "unusual valence",
            ROUND_TRIP = "graph round trip differs", CDK = "CDK error", DUPLICATE = "duplicate";

    /**
     * @param smiles   canonical SMILES, unique, in order of first occurrence
     * @param rejected count per reason
     * @param input    number of records given
     */
    public record Result(List<String> smiles, Map<String, Integer> rejected, int input) {
    }

    private MoleculeCuration() {
    }

    /** Curates {@code records} for {@code spec}. */
    public static Result curate(List<MoleculeRecord> records, GraphSpec spec) {
        Set<String> kept = new LinkedHashSet<>();
        Map<String, Integer> rejected = new LinkedHashMap<>();
        for (MoleculeRecord r : records) {
            String reason;
            String smiles = null;
            try {
                smiles = standardise(r.molecule(), spec);
                reason = smiles.startsWith("!") ? smiles.substring(1) : null;
            } catch (CDKException | RuntimeException e) {
                reason = CDK;
            }
            if (reason == null && !kept.add(smiles)) {
                reason = DUPLICATE;
            }
            if (reason != null) {
                rejected.merge(reason, 1, Integer::sum);
            }
        }
        return new Result(List.copyOf(new ArrayList<>(kept)), rejected, records.size());
    }

    /** Canonical SMILES of the largest fragment, or {@code "!" + reason} when it does not fit {@code spec}. */
    static String standardise(IAtomContainer input, GraphSpec spec) throws CDKException {
        IAtomContainer mol;
        try {
            mol = input.clone();
        } catch (CloneNotSupportedException e) {
            throw new CDKException("cannot clone", e);
        }
        for (IAtom a : mol.atoms()) {
            if (a.getImplicitHydrogenCount() == null) {
                AtomContainerManipulator.percieveAtomTypesAndConfigureAtoms(mol);
                CDKHydrogenAdder.getInstance(SilentChemObjectBuilder.getInstance()).addImplicitHydrogens(mol);
                break;
            }
        }
        mol = AtomContainerManipulator.suppressHydrogens(mol);
        mol = Chem.largestFragment(mol);
        if (mol.getSingleElectronCount() > 0) {
            return "!" + RADICAL;
        }
        for (IAtom a : mol.atoms()) {
            if (spec.atomType(a.getSymbol()) < 0) {
                return "!" + ELEMENT;
            }
        }
        if (mol.getAtomCount() > spec.maxAtoms()) {
            return "!" + SIZE;
        }
        for (IAtom a : mol.atoms()) {
            if (a.getFormalCharge() != null && a.getFormalCharge() != 0) {
                return "!" + CHARGE;
            }
            int used = a.getImplicitHydrogenCount() == null ? 0 : a.getImplicitHydrogenCount();
            for (IBond b : mol.getConnectedBondsList(a)) {
                used += b.getOrder() == null || b.getOrder() == IBond.Order.UNSET ? 1 : b.getOrder().numeric();
            }
            boolean ok = false;
            for (int v : GraphSpec.allowedValences(a.getSymbol())) {
                ok |= v == used;
            }
            if (!ok) {
                return "!" + VALENCE;
            }
        }
        String canonical = Chem.canonicalSmiles(mol);
        MolecularGraph g;
        try {
            g = graphOf(canonical, spec);
        } catch (IllegalArgumentException | MoleculeFormatException e) {
            return "!" + ROUND_TRIP;
        }
        MolecularGraph.Decoded d = g.decode(spec);
        if (!d.valid() || !canonical.equals(d.smiles())) {
            return "!" + ROUND_TRIP;
        }
        return canonical;
    }

    /** The graph of a canonical SMILES: parsed (kekulised by CDK), atoms in the order of the string. */
    public static MolecularGraph graphOf(String canonicalSmiles, GraphSpec spec) throws MoleculeFormatException {
        IAtomContainer mol = MoleculeReader.parseSmiles(canonicalSmiles, "smiles", 0, null);
        return MolecularGraph.encode(mol, spec);
    }
}
