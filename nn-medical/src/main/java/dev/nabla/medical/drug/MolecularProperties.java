package dev.nabla.medical.drug;

import org.openscience.cdk.aromaticity.Aromaticity;
import org.openscience.cdk.aromaticity.ElectronDonation;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.graph.Cycles;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.qsar.result.DoubleResult;
import org.openscience.cdk.qsar.result.IntegerResult;
import org.openscience.cdk.qsar.descriptors.molecular.HBondAcceptorCountDescriptor;
import org.openscience.cdk.qsar.descriptors.molecular.HBondDonorCountDescriptor;
import org.openscience.cdk.qsar.descriptors.molecular.TPSADescriptor;
import org.openscience.cdk.qsar.descriptors.molecular.XLogPDescriptor;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

/**
 * The drug-likeness properties compared between generated and training molecules, computed with CDK:
 * molecular weight (average isotopic mass incl. implicit H, g/mol), XLogP (Wang et al. 1997), topological
 * polar surface area (Ertl et al. 2000, Å²), hydrogen-bond donors and acceptors (CDK counts), and the
 * number of Lipinski rule-of-five violations among MW &gt; 500, XLogP &gt; 5, HBD &gt; 5, HBA &gt; 10;
 * a molecule passes the rule of five with at most one violation (Lipinski et al. 1997).
 *
 * @param mw        molecular weight, g/mol
 * @param xlogp     XLogP
 * @param tpsa      topological polar surface area, Å²
 * @param hbd       hydrogen-bond donors
 * @param hba       hydrogen-bond acceptors
 * @param violations rule-of-five violations (0..4)
 */
public record MolecularProperties(double mw, double xlogp, double tpsa, int hbd, int hba, int violations) {
    /** Property names in report order. */
    public static final String[] NAMES = {"MW", "XLogP", "TPSA", "HBD", "HBA"};

    private static final Aromaticity AROMATICITY = new Aromaticity(ElectronDonation.daylight(), Cycles.or(Cycles.all(), Cycles.all(6)));

    /** Whether the molecule passes the rule of five (≤ 1 violation). */
    public boolean passesRuleOfFive() {
        return violations <= 1;
    }

    /** Property {@code i} in the order of {@link #NAMES}. */
    public double get(int i) {
        return switch (i) {
            case 0 -> mw;
            case 1 -> xlogp;
            case 2 -> tpsa;
            case 3 -> hbd;
            case 4 -> hba;
            default -> throw new IndexOutOfBoundsException("property index must be 0..4, got " + i);
        };
    }

    /** Computes the properties of a molecule with implicit hydrogens (the input is not modified). */
    public static MolecularProperties of(IAtomContainer input) throws CDKException {
        IAtomContainer mol;
        try {
            mol = input.clone();
        } catch (CloneNotSupportedException e) {
            throw new CDKException("cannot clone", e);
        }
        AtomContainerManipulator.percieveAtomTypesAndConfigureAtoms(mol);
        AROMATICITY.apply(mol);
        double mw = AtomContainerManipulator.getMass(mol, AtomContainerManipulator.MolWeight);
        double xlogp = ((DoubleResult) new XLogPDescriptor().calculate(mol).getValue()).doubleValue();
        double tpsa = ((DoubleResult) new TPSADescriptor().calculate(mol).getValue()).doubleValue();
        int hbd = ((IntegerResult) new HBondDonorCountDescriptor().calculate(mol).getValue()).intValue();
        int hba = ((IntegerResult) new HBondAcceptorCountDescriptor().calculate(mol).getValue()).intValue();
        int v = (mw > 500 ? 1 : 0) + (xlogp > 5 ? 1 : 0) + (hbd > 5 ? 1 : 0) + (hba > 10 ? 1 : 0);
        return new MolecularProperties(mw, xlogp, tpsa, hbd, hba, v);
    }
}
