package dev.nabla.medical.surgery;

/**
 * The JIGSAWS kinematic frame layout: 30 frames per second, 76 values per frame, four manipulators of 19
 * values each, in this order: master left, master right, slave left (patient-side manipulator 1), slave
 * right (PSM 2). The 19 values of a manipulator (0-based offsets within its block):
 * <pre>
 *   0–2   tool-tip position x, y, z (m)
 *   3–11  tool-tip rotation matrix R, row-major (R11 R12 R13 R21 … R33)
 *   12–14 tool-tip linear velocity x', y', z' (m/s)
 *   15–17 tool-tip rotational velocity α', β', γ' (rad/s)
 *   18    gripper angle (rad)
 * </pre>
 */
public final class Kinematics {
    /** Frames per second of the recordings. */
    public static final double HZ = 30.0;
    /** Values per manipulator. */
    public static final int PER_ARM = 19;
    /** Manipulators per frame. */
    public static final int ARMS = 4;
    /** Values per frame. */
    public static final int COLUMNS = ARMS * PER_ARM;

    public static final int MASTER_LEFT = 0;
    public static final int MASTER_RIGHT = 1;
    public static final int SLAVE_LEFT = 2;
    public static final int SLAVE_RIGHT = 3;

    public static final int POSITION = 0;
    public static final int ROTATION = 3;
    public static final int LINEAR_VELOCITY = 12;
    public static final int ANGULAR_VELOCITY = 15;
    public static final int GRIPPER = 18;

    private Kinematics() {
    }

    /** Column of value {@code offset} (e.g. {@link #GRIPPER}) of manipulator {@code arm}. */
    public static int column(int arm, int offset) {
        if (arm < 0 || arm >= ARMS || offset < 0 || offset >= PER_ARM) {
            throw new IllegalArgumentException("no kinematic column for arm " + arm + ", offset " + offset);
        }
        return arm * PER_ARM + offset;
    }
}
