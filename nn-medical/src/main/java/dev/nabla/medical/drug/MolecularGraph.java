package dev.nabla.medical.drug;

import java.util.Arrays;

import org.openscience.cdk.config.Elements;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.graph.ConnectivityChecker;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IAtomType;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.atomtype.CDKAtomTypeMatcher;
import org.openscience.cdk.silent.Atom;
import org.openscience.cdk.silent.AtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;

/**
 * A molecule as a MolGAN graph over a {@link GraphSpec}: {@code atoms[i]} ∈ 0..T−1 (0 = no atom) and a
 * symmetric {@code bonds[i][j]} ∈ 0..3 (0 = no bond, else the bond order; the diagonal is 0).
 * {@link #encode} turns a neutral, kekulised, hydrogen-suppressed molecule into a graph, atoms in the
 * order of its canonical SMILES; {@link #decode} turns a graph back into a molecule with valence checks
 * and reports why a graph is not a molecule — invalid graphs are counted by the caller, never dropped.
 *
 * @param atoms atom type per node slot
 * @param bonds bond type per pair of slots
 */
public record MolecularGraph(int[] atoms, int[][] bonds) {
    /** Why a graph does not decode to a molecule. */
    public enum Failure {
        /** Every slot is "no atom". */
        EMPTY,
        /** An atom has more bonds (counted by order) than its element allows. */
        VALENCE,
        /** The atoms form more than one connected fragment. */
        DISCONNECTED,
        /** CDK's atom typer does not recognise an atom's environment. */
        ATOM_TYPE,
        /** CDK cannot write or re-read the molecule as SMILES. */
        SMILES
    }

    /**
     * The result of decoding one graph.
     *
     * @param smiles   canonical SMILES, or {@code null} when invalid
     * @param molecule the molecule (implicit hydrogens set), or {@code null} when invalid
     * @param failure  {@code null} when valid, else the first check that failed
     */
    public record Decoded(String smiles, IAtomContainer molecule, Failure failure) {
        /** Whether the graph is a valid molecule. */
        public boolean valid() {
            return failure == null;
        }
    }

    /** Checks the shapes. */
    public MolecularGraph {
        int n = atoms.length;
        if (bonds.length != n) {
            throw new IllegalArgumentException("MolecularGraph: bonds must be " + n + "×" + n + ", got " + bonds.length + " rows");
        }
        for (int[] row : bonds) {
            if (row.length != n) {
                throw new IllegalArgumentException("MolecularGraph: bonds must be " + n + "×" + n + ", got a row of " + row.length);
            }
        }
    }

    /** Number of atoms (slots whose type is not 0). */
    public int atomCount() {
        int c = 0;
        for (int a : atoms) {
            c += a != 0 ? 1 : 0;
        }
        return c;
    }

    /**
     * Encodes a molecule. Hydrogens must be implicit; aromatic bonds must be kekulised (as
     * {@code SmilesParser} leaves them).
     *
     * @throws IllegalArgumentException naming the problem when the molecule has more heavy atoms than
     *                                  slots, an element outside the vocabulary, a charge, or a bond order above 3
     */
    public static MolecularGraph encode(IAtomContainer mol, GraphSpec spec) {
        int n = mol.getAtomCount();
        if (n > spec.maxAtoms()) {
            throw new IllegalArgumentException("molecule has " + n + " heavy atoms, the " + spec.name()
                    + " setting allows " + spec.maxAtoms());
        }
        int[] atoms = new int[spec.maxAtoms()];
        int[][] bonds = new int[spec.maxAtoms()][spec.maxAtoms()];
        for (int i = 0; i < n; i++) {
            IAtom a = mol.getAtom(i);
            int t = spec.atomType(a.getSymbol());
            if (t < 0) {
                throw new IllegalArgumentException("element " + a.getSymbol() + " is outside the " + spec.name()
                        + " vocabulary " + spec.elements());
            }
            if (a.getFormalCharge() != null && a.getFormalCharge() != 0) {
                throw new IllegalArgumentException("atom " + (i + 1) + " (" + a.getSymbol() + ") has charge "
                        + a.getFormalCharge() + "; only neutral molecules are encoded");
            }
            atoms[i] = t;
        }
        for (IBond b : mol.bonds()) {
            if (b.getOrder() == null || b.getOrder() == IBond.Order.UNSET || b.getOrder().numeric() > 3) {
                throw new IllegalArgumentException("bond " + b.getBegin().getSymbol() + "-" + b.getEnd().getSymbol()
                        + " has order " + b.getOrder() + "; expected single, double or triple (kekulise first)");
            }
            int i = mol.indexOf(b.getBegin());
            int j = mol.indexOf(b.getEnd());
            bonds[i][j] = bonds[j][i] = b.getOrder().numeric();
        }
        return new MolecularGraph(atoms, bonds);
    }

    /** Decodes this graph; bonds touching an empty slot and the diagonal are ignored. */
    public Decoded decode(GraphSpec spec) {
        int n = atoms.length;
        int[] index = new int[n];
        Arrays.fill(index, -1);
        IAtomContainer mol = new AtomContainer();
        for (int i = 0; i < n; i++) {
            if (atoms[i] != 0) {
                index[i] = mol.getAtomCount();
                IAtom a = new Atom(spec.element(atoms[i]));
                a.setAtomicNumber(Elements.ofString(spec.element(atoms[i])).number());
                a.setFormalCharge(0);
                mol.addAtom(a);
            }
        }
        if (mol.getAtomCount() == 0) {
            return new Decoded(null, null, Failure.EMPTY);
        }
        int[] valence = new int[mol.getAtomCount()];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int order = bonds[i][j];
                if (order != 0 && index[i] >= 0 && index[j] >= 0) {
                    mol.addBond(index[i], index[j], order(order));
                    valence[index[i]] += order;
                    valence[index[j]] += order;
                }
            }
        }
        for (int k = 0; k < mol.getAtomCount(); k++) {
            IAtom a = mol.getAtom(k);
            int h = implicitHydrogens(a.getSymbol(), valence[k]);
            if (h < 0) {
                return new Decoded(null, null, Failure.VALENCE);
            }
            a.setImplicitHydrogenCount(h);
        }
        if (!ConnectivityChecker.isConnected(mol)) {
            return new Decoded(null, null, Failure.DISCONNECTED);
        }
        try {
            CDKAtomTypeMatcher matcher = CDKAtomTypeMatcher.getInstance(SilentChemObjectBuilder.getInstance());
            for (IAtom a : mol.atoms()) {
                IAtomType type = matcher.findMatchingAtomType(mol, a);
                if (type == null || "X".equals(type.getAtomTypeName())) {
                    return new Decoded(null, null, Failure.ATOM_TYPE);
                }
            }
        } catch (CDKException e) {
            return new Decoded(null, null, Failure.ATOM_TYPE);
        }
        try {
            String smiles = Chem.canonicalSmiles(mol);
            MoleculeReader.parseSmiles(smiles, "decoded", 0, null);
            return new Decoded(smiles, mol, null);
        } catch (CDKException | MoleculeFormatException e) {
            return new Decoded(null, null, Failure.SMILES);
        }
    }

    /** Hydrogens that fill a neutral atom with bond-order sum {@code used} to its lowest allowed valence, or −1. */
    static int implicitHydrogens(String symbol, int used) {
        for (int v : GraphSpec.allowedValences(symbol)) {
            if (used <= v) {
                return v - used;
            }
        }
        return -1;
    }

    private static IBond.Order order(int k) {
        return switch (k) {
            case 1 -> IBond.Order.SINGLE;
            case 2 -> IBond.Order.DOUBLE;
            case 3 -> IBond.Order.TRIPLE;
            default -> throw new IllegalArgumentException("bond type must be 0..3, got " + k);
        };
    }

    /** Atom one-hot {@code N×T} and bond one-hot {@code N×N×B} (diagonal: "no bond"), row-major, appended to the arrays at offsets. */
    public void oneHot(int types, float[] x, int xOffset, float[] a, int aOffset) {
        int n = atoms.length;
        for (int i = 0; i < n; i++) {
            x[xOffset + i * types + atoms[i]] = 1f;
            for (int j = 0; j < n; j++) {
                a[aOffset + (i * n + j) * GraphSpec.BOND_TYPES + bonds[i][j]] = 1f;
            }
        }
    }
}
