package dev.nabla.medical.surgery;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded simulator of robotic suturing kinematics in the JIGSAWS layout ({@link Kinematics}: 30 Hz,
 * 76 values per frame). Everything it makes is <b>simulated</b>: {@link Trial#simulated()} is true and
 * every file written from it says so. It is a stand-in for the real JIGSAWS data (which needs a licence
 * agreement), good enough to exercise the pipeline and to compare models with each other — not to claim
 * accuracy on real surgery.
 *
 * <p><b>The model.</b>
 * <ul>
 *   <li>Task grammar (suturing, four throws): {@code G1 → G5 → G8}, then per throw
 *       {@code G2 → G3 → G6}, between throws {@code G4} (sometimes followed by {@code G8}), and
 *       {@code G11} at the end. Errors, with the skill's {@link SkillProfile#errorRate()} at each
 *       opportunity: a failed needle pass ({@code G3 → G2 → G3}), a suture to tighten or loosen
 *       ({@code G6 → G9} or {@code G6 → G10}), an extra re-orientation ({@code G4 → G8 → G8}), a dropped
 *       needle ({@code G4 → G1 → G5}). Half a second to a second of unlabelled frames before and after,
 *       as in the JIGSAWS transcriptions.</li>
 *   <li>Each gesture moves both slave tool tips from where they are to a gesture-specific target
 *       (relative to the user's workspace centre; needle targets move 6 mm along the incision per throw; every target jittered by 3 mm and 0.1 rad)
 *       along a minimum-jerk profile {@code s(τ) = 10τ³ − 15τ⁴ + 6τ⁵} with a sideways detour
 *       {@code d·sin(πτ)}; the wrist turns to a gesture-specific roll/pitch/yaw on the same profile (the
 *       needle pass G3 is a large roll); the gripper opens or closes in the first 40% of the gesture.</li>
 *   <li>Durations: a base time per gesture × skill slowness × the user's personal factor × a log-normal
 *       jitter (σ 0.2).</li>
 *   <li>Tremor: per arm and axis a sine of 8–12 Hz plus AR(1) noise, of the skill's amplitude at the slave
 *       tip and three times that at the master; sensor noise 0.05 mm.</li>
 *   <li>Masters: position = master home + 3 × slave displacement (3:1 motion scaling), same orientation,
 *       gripper angle + 0.1 rad. Velocities are central differences of positions; rotational velocity
 *       is {@code vee(Ṙ Rᵀ)}.</li>
 * </ul>
 * Limits: no tissue, needle or suture physics, no camera, no occlusions; gestures differ by their target
 * geometry much more cleanly than real ones; skill only changes the few parameters above.
 */
public final class SurgerySimulator {
    /** JIGSAWS suturing users and their self-reported skill. */
    public static final Map<String, Skill> JIGSAWS_USERS = jigsawsUsers();

    private static final double DT = 1 / Kinematics.HZ;
    private static final int THROWS = 4;
    private static final Map<Gesture, Target> TARGETS = targets();

    private final long seed;

    /** A simulator whose every trial is determined by {@code seed}, the user and the trial number. */
    public SurgerySimulator(long seed) {
        this.seed = seed;
    }

    /** {@code trialsPerUser} trials of each JIGSAWS suturing user (8 users). */
    public List<Trial> generate(int trialsPerUser) {
        if (trialsPerUser < 1) {
            throw new IllegalArgumentException("simulator: trials per user must be >= 1, got " + trialsPerUser);
        }
        List<Trial> out = new ArrayList<>();
        for (Map.Entry<String, Skill> user : JIGSAWS_USERS.entrySet()) {
            for (int k = 1; k <= trialsPerUser; k++) {
                out.add(trial(user.getKey(), user.getValue(), k));
            }
        }
        return out;
    }

    /** Trial {@code number} (1-based) of {@code user}, named like {@code Suturing_B001}. */
    public Trial trial(String user, Skill skill, int number) {
        Random userRng = new Random(mix(seed, user.hashCode(), 0));
        Random rng = new Random(mix(seed, user.hashCode(), number));
        SkillProfile profile = SkillProfile.of(skill);
        double userSpeed = Math.exp(0.1 * userRng.nextGaussian());
        double[] centre = {0.005 * userRng.nextGaussian(), 0.005 * userRng.nextGaussian(), 0.005 * userRng.nextGaussian()};

        List<Gesture> plan = new ArrayList<>();
        int errors = plan(rng, profile.errorRate(), plan);

        List<double[][]> slave = new ArrayList<>();   // per frame: [arm 0/1][x y z roll pitch yaw grip]
        List<Integer> labels = new ArrayList<>();
        double[][] state = {
                {centre[0] - 0.03, centre[1], centre[2], 0, 0, 0, -0.2},
                {centre[0] + 0.03, centre[1], centre[2], 0, 0, 0, 0.3}};
        addIdle(rng, state, slave, labels);
        int throwIndex = 0;
        for (Gesture g : plan) {
            if (g == Gesture.G4) {
                throwIndex++;
            }
            Target target = TARGETS.get(g);
            double seconds = target.seconds * profile.slowness() * userSpeed * Math.exp(0.2 * rng.nextGaussian());
            int n = Math.max(8, (int) Math.round(seconds * Kinematics.HZ));
            double[][] from = {state[0].clone(), state[1].clone()};
            double[][] to = new double[2][];
            double[][] detour = new double[2][];
            for (int arm = 0; arm < 2; arm++) {
                to[arm] = target.pose[arm].clone();
                for (int a = 0; a < 3; a++) {
                    to[arm][a] += centre[a];
                }
                if (target.needle) {
                    to[arm][1] += 0.006 * throwIndex;
                }
                for (int a = 0; a < 7; a++) {
                    to[arm][a] += (a < 3 ? 0.003 : 0.1) * rng.nextGaussian();
                }
                detour[arm] = randomUnit(rng);
                double amp = profile.detourMm() * 1e-3 * (0.5 + rng.nextDouble());
                for (int a = 0; a < 3; a++) {
                    detour[arm][a] *= amp;
                }
            }
            for (int i = 0; i < n; i++) {
                double tau = (i + 1.0) / n;
                double s = minimumJerk(tau);
                double sGrip = minimumJerk(Math.min(1, tau / 0.4));
                double bump = Math.sin(Math.PI * tau);
                double[][] frame = new double[2][7];
                for (int arm = 0; arm < 2; arm++) {
                    for (int a = 0; a < 6; a++) {
                        frame[arm][a] = from[arm][a] + s * (to[arm][a] - from[arm][a]) + (a < 3 ? bump * detour[arm][a] : 0);
                    }
                    frame[arm][6] = from[arm][6] + sGrip * (to[arm][6] - from[arm][6]);
                }
                slave.add(frame);
                labels.add(g.index());
            }
            state = new double[][] {slave.get(slave.size() - 1)[0].clone(), slave.get(slave.size() - 1)[1].clone()};
            // the detour is back to zero at τ = 1, so the state is the target
        }
        addIdle(rng, state, slave, labels);

        float[][] kinematics = render(rng, profile, slave);
        int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
        return new Trial(String.format("Suturing_%s%03d", user, number), user, skill, grs(rng, profile, errors),
                kinematics, labelArray, true);
    }

    /** Fills {@code plan} with the gesture sequence; returns the number of errors made. */
    private static int plan(Random rng, double errorRate, List<Gesture> plan) {
        int errors = 0;
        plan.add(Gesture.G1);
        plan.add(Gesture.G5);
        plan.add(Gesture.G8);
        for (int k = 0; k < THROWS; k++) {
            plan.add(Gesture.G2);
            plan.add(Gesture.G3);
            if (rng.nextDouble() < errorRate) {          // failed pass: re-position, push again
                plan.add(Gesture.G2);
                plan.add(Gesture.G3);
                errors++;
            }
            plan.add(Gesture.G6);
            if (rng.nextDouble() < errorRate) {          // suture too loose or too tight
                plan.add(rng.nextBoolean() ? Gesture.G9 : Gesture.G10);
                errors++;
            }
            if (k < THROWS - 1) {
                plan.add(Gesture.G4);
                if (rng.nextDouble() < errorRate) {      // dropped needle: reach for it again
                    plan.add(Gesture.G1);
                    plan.add(Gesture.G5);
                    errors++;
                }
                if (rng.nextDouble() < 0.4 + errorRate) {
                    plan.add(Gesture.G8);
                }
            }
        }
        plan.add(Gesture.G11);
        return errors;
    }

    private static void addIdle(Random rng, double[][] state, List<double[][]> slave, List<Integer> labels) {
        int n = (int) Math.round((0.5 + 0.5 * rng.nextDouble()) * Kinematics.HZ);
        for (int i = 0; i < n; i++) {
            slave.add(new double[][] {state[0].clone(), state[1].clone()});
            labels.add(Trial.UNLABELLED);
        }
    }

    /** Adds tremor and noise, derives masters, rotation matrices and velocities: frames × 76. */
    private static float[][] render(Random rng, SkillProfile profile, List<double[][]> slave) {
        int n = slave.size();
        double[][][] pos = new double[4][n][3];
        double[][][][] rot = new double[4][n][][];
        double[][] grip = new double[4][n];
        double amp = profile.tremorMm() * 1e-3;
        double[][] masterHome = {{-0.1, 0.0, -0.05}, {0.1, 0.0, -0.05}};
        double[][] base = {{0, 0.5, 0}, {0, -0.5, 0}};
        for (int arm = 0; arm < 2; arm++) {
            double freq = 8 + 4 * rng.nextDouble();
            double[] phase = {2 * Math.PI * rng.nextDouble(), 2 * Math.PI * rng.nextDouble(), 2 * Math.PI * rng.nextDouble()};
            double[] ar = new double[3];
            for (int t = 0; t < n; t++) {
                double[] p = slave.get(t)[arm];
                double[] tremor = new double[3];
                for (int a = 0; a < 3; a++) {
                    ar[a] = 0.9 * ar[a] + Math.sqrt(1 - 0.81) * 0.5 * amp * rng.nextGaussian();
                    tremor[a] = amp * Math.sin(2 * Math.PI * freq * t * DT + phase[a]) + ar[a];
                }
                double[][] r = rotation(base[arm][0] + p[3], base[arm][1] + p[4], base[arm][2] + p[5]);
                for (int a = 0; a < 3; a++) {
                    pos[2 + arm][t][a] = p[a] + tremor[a] + 5e-5 * rng.nextGaussian();
                    pos[arm][t][a] = masterHome[arm][a] + 3 * p[a] + 3 * tremor[a] + 5e-5 * rng.nextGaussian();
                }
                rot[2 + arm][t] = r;
                rot[arm][t] = r;
                grip[2 + arm][t] = p[6] + 0.01 * rng.nextGaussian();
                grip[arm][t] = p[6] + 0.1 + 0.01 * rng.nextGaussian();
            }
        }
        float[][] out = new float[n][Kinematics.COLUMNS];
        for (int arm = 0; arm < 4; arm++) {
            for (int t = 0; t < n; t++) {
                int prev = Math.max(0, t - 1);
                int next = Math.min(n - 1, t + 1);
                double span = (next - prev) * DT;
                float[] row = out[t];
                int c = arm * Kinematics.PER_ARM;
                for (int a = 0; a < 3; a++) {
                    row[c + Kinematics.POSITION + a] = (float) pos[arm][t][a];
                    row[c + Kinematics.LINEAR_VELOCITY + a] = (float) ((pos[arm][next][a] - pos[arm][prev][a]) / span);
                }
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        row[c + Kinematics.ROTATION + 3 * i + j] = (float) rot[arm][t][i][j];
                    }
                }
                double[] w = angularVelocity(rot[arm][prev], rot[arm][next], span);
                for (int a = 0; a < 3; a++) {
                    row[c + Kinematics.ANGULAR_VELOCITY + a] = (float) w[a];
                }
                row[c + Kinematics.GRIPPER] = (float) grip[arm][t];
            }
        }
        return out;
    }

    private static int grs(Random rng, SkillProfile profile, int errors) {
        int total = 0;
        for (int item = 0; item < 6; item++) {
            double v = profile.grsItem() - 0.15 * errors + 0.5 * rng.nextGaussian();
            total += (int) Math.max(1, Math.min(5, Math.round(v)));
        }
        return total;
    }

    /** Minimum-jerk position profile on τ ∈ [0, 1]. */
    static double minimumJerk(double tau) {
        return tau * tau * tau * (10 - 15 * tau + 6 * tau * tau);
    }

    /** {@code Rz(yaw)·Ry(pitch)·Rx(roll)}. */
    static double[][] rotation(double roll, double pitch, double yaw) {
        double cr = Math.cos(roll), sr = Math.sin(roll);
        double cp = Math.cos(pitch), sp = Math.sin(pitch);
        double cy = Math.cos(yaw), sy = Math.sin(yaw);
        return new double[][] {
                {cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr},
                {sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr},
                {-sp, cp * sr, cp * cr}};
    }

    /** {@code vee(Ṙ Rᵀ)} with {@code Ṙ ≈ (R1 − R0)/dt} and the skew-symmetric part of the product. */
    static double[] angularVelocity(double[][] r0, double[][] r1, double dt) {
        double[][] m = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += (r1[i][k] - r0[i][k]) * (r0[j][k] + r1[j][k]) / 2;
                }
                m[i][j] = s / dt;
            }
        }
        return new double[] {(m[2][1] - m[1][2]) / 2, (m[0][2] - m[2][0]) / 2, (m[1][0] - m[0][1]) / 2};
    }

    private static double[] randomUnit(Random rng) {
        double[] v = {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()};
        double norm = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        for (int a = 0; a < 3; a++) {
            v[a] /= norm;
        }
        return v;
    }

    private static long mix(long seed, int user, int trial) {
        long h = seed * 0x9E3779B97F4A7C15L + user * 0xBF58476D1CE4E5B9L + trial * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    /** Target poses {x y z roll pitch yaw grip} of the left and right slave tips, relative to the centre. */
    private record Target(double seconds, boolean needle, double[][] pose) {
    }

    private static Map<Gesture, Target> targets() {
        Map<Gesture, Target> m = new EnumMap<>(Gesture.class);
        m.put(Gesture.G1, new Target(2.2, false, new double[][] {
                {-0.03, 0.0, 0.0, 0, 0, 0, -0.3}, {0.02, -0.012, -0.01, 0.2, 0.3, 0.1, 0.9}}));
        m.put(Gesture.G5, new Target(1.8, false, new double[][] {
                {-0.025, 0.0, 0.005, 0, 0, 0, -0.3}, {0.006, 0.0, 0.006, 0.0, 0.1, 0.0, -0.2}}));
        m.put(Gesture.G8, new Target(2.6, false, new double[][] {
                {-0.01, 0.0, 0.006, 0.3, 0, 0.2, 0.5}, {0.008, 0.0, 0.004, 0.8, 0.0, -0.2, -0.2}}));
        m.put(Gesture.G2, new Target(2.8, true, new double[][] {
                {-0.02, 0.004, 0.0, 0, 0, 0, -0.3}, {0.0, 0.005, -0.005, -0.3, 0.4, 0.0, -0.2}}));
        m.put(Gesture.G3, new Target(3.2, true, new double[][] {
                {-0.018, 0.004, 0.0, 0, 0, 0, 0.6}, {-0.003, 0.006, -0.01, 1.5, 0.4, 0.1, -0.2}}));
        m.put(Gesture.G6, new Target(3.4, false, new double[][] {
                {-0.05, 0.02, 0.03, -0.3, 0.2, 0.3, -0.3}, {0.01, 0.006, 0.0, 0.5, 0.2, 0.0, 0.6}}));
        m.put(Gesture.G4, new Target(2.2, false, new double[][] {
                {-0.006, 0.0, 0.01, 0.0, 0.0, 0.0, 0.7}, {0.006, 0.0, 0.01, 0.0, 0.0, 0.0, -0.2}}));
        m.put(Gesture.G9, new Target(2.4, false, new double[][] {
                {-0.04, 0.015, 0.02, -0.2, 0.2, 0.2, -0.3}, {0.04, 0.02, 0.02, 0.0, -0.3, 0.0, -0.3}}));
        m.put(Gesture.G10, new Target(1.8, false, new double[][] {
                {-0.02, 0.0, 0.0, 0.0, 0.0, 0.0, -0.3}, {0.015, 0.0, 0.005, 0.0, 0.0, 0.0, 0.6}}));
        m.put(Gesture.G11, new Target(3.0, false, new double[][] {
                {-0.06, -0.03, 0.04, 0.0, 0.0, 0.0, 1.0}, {0.06, -0.03, 0.04, 0.0, 0.0, 0.0, 1.0}}));
        return m;
    }

    private static Map<String, Skill> jigsawsUsers() {
        Map<String, Skill> m = new LinkedHashMap<>();
        m.put("B", Skill.NOVICE);
        m.put("C", Skill.INTERMEDIATE);
        m.put("D", Skill.EXPERT);
        m.put("E", Skill.EXPERT);
        m.put("F", Skill.INTERMEDIATE);
        m.put("G", Skill.NOVICE);
        m.put("H", Skill.NOVICE);
        m.put("I", Skill.NOVICE);
        return java.util.Collections.unmodifiableMap(m);
    }
}
