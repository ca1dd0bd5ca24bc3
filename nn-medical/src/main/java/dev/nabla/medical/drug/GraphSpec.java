package dev.nabla.medical.drug;

import java.util.List;
import java.util.Locale;

/**
 * The fixed-size graph representation of a molecule (MolGAN, De Cao &amp; Kipf 2018): at most
 * {@code maxAtoms} heavy atoms N, an atom-type one-hot matrix {@code X ∈ {0,1}^{N×T}} whose type 0 is
 * "no atom", and a bond-type adjacency tensor {@code A ∈ {0,1}^{N×N×B}} whose type 0 is "no bond" and
 * types 1..3 are single, double, triple. Aromatic rings are stored kekulised (alternating single and
 * double bonds), so B = 4. Hydrogens are implicit: they fill each atom up to its lowest allowed valence.
 *
 * @param name     label used in reports, e.g. {@code qm9}
 * @param maxAtoms N, the number of node slots
 * @param elements the element symbols of atom types 1..T−1
 */
public record GraphSpec(String name, int maxAtoms, List<String> elements) {
    /** Bond type 0: no bond. Types 1, 2, 3: bond order 1, 2, 3. */
    public static final int BOND_TYPES = 4;

    /** QM9-like: at most 9 heavy atoms of C, N, O, F. */
    public static final GraphSpec QM9 = new GraphSpec("qm9", 9, List.of("C", "N", "O", "F"));

    /** The larger setting: at most 20 heavy atoms of C, N, O, F, S, Cl. */
    public static final GraphSpec LARGE = new GraphSpec("large", 20, List.of("C", "N", "O", "F", "S", "Cl"));

    /** Checks the arguments. */
    public GraphSpec {
        if (maxAtoms < 1) {
            throw new IllegalArgumentException("GraphSpec: maxAtoms must be ≥ 1, got " + maxAtoms);
        }
        elements = List.copyOf(elements);
        for (String e : elements) {
            allowedValences(e);
        }
    }

    /** Looks a setting up by name ({@code qm9} or {@code large}). */
    public static GraphSpec named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "qm9" -> QM9;
            case "large" -> LARGE;
            default -> throw new IllegalArgumentException("unknown graph setting '" + name + "': expected qm9 or large");
        };
    }

    /** T, the number of atom types including "no atom". */
    public int atomTypes() {
        return elements.size() + 1;
    }

    /** Atom type of an element symbol (1..T−1), or −1 when the element is not in the vocabulary. */
    public int atomType(String symbol) {
        int i = elements.indexOf(symbol);
        return i < 0 ? -1 : i + 1;
    }

    /** Element symbol of atom type {@code t} ≥ 1. */
    public String element(int t) {
        return elements.get(t - 1);
    }

    /**
     * Valences a neutral atom of the element may have, lowest first (C 4; N 3; O 2; F, Cl 1; S 2, 4, 6).
     *
     * @throws IllegalArgumentException for an element outside C, N, O, F, S, Cl
     */
    public static int[] allowedValences(String symbol) {
        return switch (symbol) {
            case "C" -> new int[] {4};
            case "N" -> new int[] {3};
            case "O" -> new int[] {2};
            case "F", "Cl" -> new int[] {1};
            case "S" -> new int[] {2, 4, 6};
            default -> throw new IllegalArgumentException("no valence rule for element '" + symbol
                    + "': expected one of C, N, O, F, S, Cl");
        };
    }
}
