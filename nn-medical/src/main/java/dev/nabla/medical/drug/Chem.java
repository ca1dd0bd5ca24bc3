package dev.nabla.medical.drug;

import org.openscience.cdk.aromaticity.Aromaticity;
import org.openscience.cdk.aromaticity.ElectronDonation;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.graph.ConnectivityChecker;
import org.openscience.cdk.graph.Cycles;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IAtomContainerSet;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.smiles.SmiFlavor;
import org.openscience.cdk.smiles.SmilesGenerator;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

/** Small CDK helpers shared by the drug package: largest fragment, canonical SMILES. */
public final class Chem {
    private static final Aromaticity AROMATICITY = new Aromaticity(ElectronDonation.daylight(), Cycles.or(Cycles.all(), Cycles.all(6)));

    private Chem() {
    }

    /** The fragment with the most heavy atoms (ties: the first); strips salts and solvents. */
    public static IAtomContainer largestFragment(IAtomContainer mol) {
        if (ConnectivityChecker.isConnected(mol)) {
            return mol;
        }
        IAtomContainerSet parts = ConnectivityChecker.partitionIntoMolecules(mol);
        IAtomContainer best = null;
        int bestHeavy = -1;
        for (IAtomContainer p : parts.atomContainers()) {
            int heavy = heavyAtoms(p);
            if (heavy > bestHeavy) {
                best = p;
                bestHeavy = heavy;
            }
        }
        return best;
    }

    /** Number of atoms other than hydrogen. */
    public static int heavyAtoms(IAtomContainer mol) {
        int n = 0;
        for (IAtom a : mol.atoms()) {
            if (a.getAtomicNumber() == null || a.getAtomicNumber() != 1) {
                n++;
            }
        }
        return n;
    }

    /**
     * Canonical SMILES (CDK {@code SmiFlavor.Canonical | UseAromaticSymbols}, Daylight aromaticity, no
     * stereo): the same string for the same constitution whatever the input atom order or Kekulé form.
     *
     * @throws CDKException when the molecule cannot be written
     */
    public static String canonicalSmiles(IAtomContainer mol) throws CDKException {
        IAtomContainer copy;
        try {
            copy = mol.clone();
        } catch (CloneNotSupportedException e) {
            throw new CDKException("cannot clone molecule", e);
        }
        for (IBond b : copy.bonds()) {
            b.setIsAromatic(false);
        }
        for (IAtom a : copy.atoms()) {
            a.setIsAromatic(false);
        }
        AtomContainerManipulator.percieveAtomTypesAndConfigureUnsetProperties(copy);
        AROMATICITY.apply(copy);
        return new SmilesGenerator(SmiFlavor.Canonical | SmiFlavor.UseAromaticSymbols).create(copy);
    }
}
