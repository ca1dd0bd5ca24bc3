package dev.nabla.medical.surgery;

/**
 * Predicts where the two slave tool tips will be a fixed number of 30 Hz frames ahead, fed the recording
 * as it arrives: {@link #step} is called on frames {@code 0, s, 2s, …} ({@code s = }{@link #stride()}) and
 * returns the predicted positions at frame {@code t + }{@link #lead()}. {@link MotionMonitor} compares
 * them with the frames when they arrive.
 */
public interface TipPredictor {
    /** 30 Hz frames between two calls of {@link #step}. */
    int stride();

    /** 30 Hz frames ahead that a prediction is for; a multiple of {@link #stride()}. */
    int lead();

    /**
     * Takes frame {@code t} ({@link Kinematics#COLUMNS} values) and returns the predicted positions
     * {@code {x, y, z} left, {x, y, z} right} of the slave tips at frame {@code t + lead()}, metres.
     */
    double[] step(float[] frame);

    /** Starts a new trial. */
    void reset();

    /** The slave-left and slave-right tip columns. */
    int[] TIPS = {Kinematics.column(Kinematics.SLAVE_LEFT, Kinematics.POSITION),
            Kinematics.column(Kinematics.SLAVE_RIGHT, Kinematics.POSITION)};

    /**
     * The constant-velocity baseline {@code p̂(t + L) = p(t) + v(t)·L/30 s} with the recorded linear
     * velocity {@code v}: needs no training.
     */
    static TipPredictor constantVelocity(int stride, int lead) {
        if (stride < 1 || lead < stride || lead % stride != 0) {
            throw new IllegalArgumentException("constant velocity: lead must be a positive multiple of stride, got lead "
                    + lead + ", stride " + stride);
        }
        double seconds = lead / Kinematics.HZ;
        return new TipPredictor() {
            @Override
            public int stride() {
                return stride;
            }

            @Override
            public int lead() {
                return lead;
            }

            @Override
            public double[] step(float[] frame) {
                double[] p = new double[6];
                for (int tip = 0; tip < 2; tip++) {
                    int c = TIPS[tip];
                    for (int a = 0; a < 3; a++) {
                        p[tip * 3 + a] = frame[c + a] + frame[c + Kinematics.LINEAR_VELOCITY + a] * seconds;
                    }
                }
                return p;
            }

            @Override
            public void reset() {
            }
        };
    }
}
