package dev.nabla.medical.surgery;

import dev.nabla.nn.SequenceStream;
import dev.nabla.tensor.Tensor;

/**
 * A streaming surgical assistant: takes one 30 Hz kinematic frame per {@link #step} call and reports the
 * current gesture, the expected next gesture and whether the procedure deviates from the usual grammar.
 * <ul>
 *   <li>Every {@code downsample}-th frame goes through the unidirectional recogniser one step at a time
 *       ({@link dev.nabla.nn.Sequential#stream()}: the LSTM states are kept between calls, so the result
 *       equals running the network on the whole trial so far); the frames between reuse that result.</li>
 *   <li>The current gesture changes only after the network's top class has differed from it for
 *       {@code hold} consecutive network steps (debouncing flicker).</li>
 *   <li>The next gesture is the most frequent successor of the current one in {@link GestureGrammar}.</li>
 *   <li>A deviation alert is raised when the current gesture changes from {@code a} to {@code b} with
 *       {@code P(b | a) < alertBelow} in the grammar.</li>
 * </ul>
 * The bidirectional recogniser needs the future and cannot stream.
 */
public final class GestureStream {
    /**
     * What the assistant says after a frame.
     *
     * @param frame      0-based frame number
     * @param current    the current gesture, null before the first one is settled
     * @param confidence the network's probability of its top class at the last network step
     * @param next       the expected next gesture, or null
     * @param alert      a deviation message, or null
     */
    public record Update(int frame, Gesture current, double confidence, Gesture next, String alert) {
    }

    private final GestureRecognizer.Trained trained;
    private final GestureGrammar grammar;
    private final SequenceStream stream;
    private final int hold;
    private final double alertBelow;
    private int frame;
    private Gesture current;
    private int candidate = -1;
    private int candidateRun;
    private double confidence;

    /**
     * @param trained    a unidirectional recogniser
     * @param grammar    transition statistics of the training trials
     * @param hold       network steps a new top class must last before it becomes the current gesture
     * @param alertBelow transitions rarer than this probability raise an alert
     */
    public GestureStream(GestureRecognizer.Trained trained, GestureGrammar grammar, int hold, double alertBelow) {
        if (hold < 1) {
            throw new IllegalArgumentException("gesture stream: hold must be >= 1, got " + hold);
        }
        this.trained = trained;
        this.grammar = grammar;
        this.stream = trained.model().stream();
        this.hold = hold;
        this.alertBelow = alertBelow;
    }

    /** Feeds one 30 Hz frame of {@link Kinematics#COLUMNS} values. */
    public Update step(float[] kinematics) {
        String alert = null;
        if (frame % trained.downsample() == 0) {
            float[] z = trained.standardizer().apply(new float[][] {kinematics})[0];
            Tensor p = stream.step(Tensor.of(z, 1, z.length));
            alert = observe(p.contiguous().toArray());
        }
        Update u = new Update(frame, current, confidence, current == null ? null : grammar.mostLikelyNext(current), alert);
        frame++;
        return u;
    }

    /**
     * Takes the network's class probabilities of one step: updates the confidence and the debounced
     * current gesture; returns the deviation alert of a change, or null.
     */
    String observe(float[] probs) {
        String alert = null;
        int top = 0;
        for (int c = 1; c < probs.length; c++) {
            if (probs[c] > probs[top]) {
                top = c;
            }
        }
        confidence = probs[top];
        if (current != null && top == current.index()) {
            candidateRun = 0;
        } else {
            candidateRun = top == candidate ? candidateRun + 1 : 1;
            candidate = top;
            if (candidateRun >= hold) {
                Gesture g = Gesture.ofIndex(top);
                if (current != null && grammar.probability(current, g) < alertBelow) {
                    alert = String.format(java.util.Locale.ROOT, "unusual transition %s → %s (P = %.2f in training)",
                            current, g, grammar.probability(current, g));
                }
                current = g;
                candidateRun = 0;
            }
        }
        return alert;
    }

    /** Starts a new trial. */
    public void reset() {
        stream.reset();
        frame = 0;
        current = null;
        candidate = -1;
        candidateRun = 0;
    }
}
