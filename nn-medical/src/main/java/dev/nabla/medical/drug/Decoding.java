package dev.nabla.medical.drug;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How sampled scores become molecular graphs. Every decoding returns one graph per draw; an invalid
 * graph is still returned and counted by the metrics — a decoding changes what is drawn, it hides no
 * sample.
 * <ul>
 *   <li>{@link #PLAIN}: the argmax of each slot's and pair's scores (MolGAN's decoding);</li>
 *   <li>{@link #VALENCE_MASK}: {@link ValenceMask} — bond types that would exceed an atom's valence get
 *       probability 0;</li>
 *   <li>{@link #CONNECTED}: the valence mask, then fragments are joined by the best-scoring bonds that
 *       fit ({@link ValenceMask#joinFragments}), so a graph is disconnected only when no atom pair
 *       across fragments has valence to spare.</li>
 * </ul>
 */
public enum Decoding {
    /** Argmax of the scores. */
    PLAIN("plain"),
    /** Argmax under the valence mask. */
    VALENCE_MASK("mask"),
    /** Valence mask, then fragments joined by their best-scoring bonds. */
    CONNECTED("connected");

    private final String label;

    Decoding(String label) {
        this.label = label;
    }

    /** The name used on command lines and in saved models: {@code plain}, {@code mask} or {@code connected}. */
    public String label() {
        return label;
    }

    /** The decoding called {@code label} ({@link #label()}). */
    public static Decoding of(String label) {
        java.util.Objects.requireNonNull(label, "decoding label (plain, mask or connected)");
        for (Decoding d : values()) {
            if (d.label.equals(label.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("decoding must be one of " + Arrays.stream(values()).map(Decoding::label).toList()
                + ", got '" + label + "'");
    }

    /** The graphs of a batch of sampled scores (e.g. {@link GraphLogits#sampleScores}) under this decoding. */
    List<MolecularGraph> toGraphs(GraphBatch scores, GraphSpec spec) {
        return switch (this) {
            case PLAIN -> scores.toGraphs();
            case VALENCE_MASK -> ValenceMask.toGraphs(scores, spec, false);
            case CONNECTED -> ValenceMask.toGraphs(scores, spec, true);
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
