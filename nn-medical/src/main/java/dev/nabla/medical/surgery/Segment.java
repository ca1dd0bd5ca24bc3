package dev.nabla.medical.surgery;

/**
 * A run of frames with one label: frames {@code start..end}, both inclusive, 0-based (a JIGSAWS
 * transcription line {@code s e G#} is 1-based; {@link JigsawsIO} converts).
 *
 * @param start first frame, 0-based
 * @param end   last frame, inclusive
 * @param label the class index (gesture index for gestures)
 */
public record Segment(int start, int end, int label) {
    public Segment {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("segment needs 0 <= start <= end, got " + start + ".." + end);
        }
    }

    /** Number of frames. */
    public int length() {
        return end - start + 1;
    }

    /** Frames shared with {@code other} over frames covered by either (intersection over union). */
    public double iou(Segment other) {
        int inter = Math.min(end, other.end) - Math.max(start, other.start) + 1;
        if (inter <= 0) {
            return 0;
        }
        int union = Math.max(end, other.end) - Math.min(start, other.start) + 1;
        return (double) inter / union;
    }
}
