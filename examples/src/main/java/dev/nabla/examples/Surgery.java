package dev.nabla.examples;

import dev.nabla.medical.surgery.Gesture;
import dev.nabla.medical.surgery.GestureGrammar;
import dev.nabla.medical.surgery.GestureRecognizer;
import dev.nabla.medical.surgery.GestureStream;
import dev.nabla.medical.surgery.Kinematics;
import dev.nabla.medical.surgery.SegmentMetrics;
import dev.nabla.medical.surgery.GestureRecognizer.Architecture;
import dev.nabla.medical.surgery.JigsawsIO;
import dev.nabla.medical.surgery.MotionForecaster;
import dev.nabla.medical.surgery.SkillClassifier;
import dev.nabla.metrics.ConfusionMatrix;
import dev.nabla.medical.surgery.Sequences;
import dev.nabla.medical.surgery.Skill;
import dev.nabla.medical.surgery.SkillFeatures;
import dev.nabla.medical.surgery.SurgerySimulator;
import dev.nabla.medical.surgery.Trial;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Surgical gesture recognition on robotic-surgery kinematics in the JIGSAWS layout (issue 9). Without
 * {@code --data} every command uses SIMULATED trials from {@link SurgerySimulator}, and says so.
 * <pre>
 *   simulate  write simulated trials in the JIGSAWS layout
 *   train     train the gesture recogniser (LSTM or BiLSTM), hold out users, report the metrics
 *   evaluate  score a saved recogniser on held-out users
 *   forecast  tool-tip motion forecasting vs the constant-velocity baseline, held-out users
 *   skill     skill classification, leave-one-user-out, accuracy and confusion matrix
 *   stream    replay a held-out trial frame by frame through the streaming assistant; per-frame latency
 * </pre>
 */
@Command(name = "surgery", mixinStandardHelpOptions = true,
        description = "Surgical gesture recognition on JIGSAWS-layout kinematics (simulated unless --data).",
        subcommands = {Surgery.Simulate.class, Surgery.Train.class, Surgery.Evaluate.class, Surgery.Stream.class,
                Surgery.Forecast.class, Surgery.SkillCommand.class})
public final class Surgery implements Callable<Integer> {
    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** Options naming the trials: a JIGSAWS folder, or the simulator. */
    static final class Source {
        @Option(names = "--data", description = "JIGSAWS task folder (with meta_file_<task>.txt); default: simulate")
        Path data;

        @Option(names = "--task", description = "task name in the JIGSAWS file names (default: ${DEFAULT-VALUE})")
        String task = "Suturing";

        @Option(names = "--sim-seed", description = "simulator seed (default: ${DEFAULT-VALUE})")
        long simSeed = 2026;

        @Option(names = "--trials-per-user", description = "simulated trials per user (default: ${DEFAULT-VALUE})")
        int trialsPerUser = 5;

        List<Trial> load() throws Exception {
            if (data != null) {
                return JigsawsIO.read(data, task);
            }
            return new SurgerySimulator(simSeed).generate(trialsPerUser);
        }

        String label(List<Trial> trials) {
            return trials.stream().allMatch(Trial::simulated) ? "SIMULATED" : "recorded";
        }
    }

    static List<List<Trial>> holdOut(List<Trial> trials, List<String> testUsers) {
        List<Trial> train = new ArrayList<>();
        List<Trial> test = new ArrayList<>();
        for (Trial t : trials) {
            (testUsers.contains(t.user()) ? test : train).add(t);
        }
        if (train.isEmpty() || test.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(new Surgery()),
                    "test users " + testUsers + " leave " + train.size() + " training and " + test.size() + " test trials");
        }
        return List.of(train, test);
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true, description = "Write SIMULATED trials in the JIGSAWS layout.")
    static final class Simulate implements Callable<Integer> {
        @CommandLine.Mixin
        Source source = new Source();

        @Option(names = "--out", description = "folder to write (default: ${DEFAULT-VALUE})")
        Path out = Path.of("build-output", "surgery", "simulated-Suturing");

        @Override
        public Integer call() throws Exception {
            source.data = null;
            List<Trial> trials = source.load();
            JigsawsIO.write(out, source.task, trials);
            System.out.printf(Locale.ROOT, "SIMULATED: wrote %d trials to %s%n", trials.size(), out);
            System.out.println("skill          trials  mean s  right path m  GRS");
            for (Skill skill : Skill.values()) {
                double[] sum = new double[3];
                int n = 0;
                for (Trial t : trials) {
                    if (t.skill() == skill) {
                        double[] f = SkillFeatures.of(t);
                        sum[0] += f[0];
                        sum[1] += f[2];
                        sum[2] += t.grs();
                        n++;
                    }
                }
                if (n > 0) {
                    System.out.printf(Locale.ROOT, "%-14s %6d  %6.1f  %12.3f  %4.1f%n", skill, n, sum[0] / n, sum[1] / n, sum[2] / n);
                }
            }
            return 0;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train the gesture recogniser on all users but the test users; print the test metrics.")
    static final class Train implements Callable<Integer> {
        @CommandLine.Mixin
        Source source = new Source();

        @Option(names = "--arch", description = "LSTM or BILSTM (default: ${DEFAULT-VALUE})")
        Architecture architecture = Architecture.LSTM;

        @Option(names = "--units", description = "LSTM units (default: ${DEFAULT-VALUE})")
        int units = GestureRecognizer.Config.defaults().units();

        @Option(names = "--epochs", description = "default: ${DEFAULT-VALUE}")
        int epochs = GestureRecognizer.Config.defaults().epochs();

        @Option(names = "--test-users", split = ",", description = "held-out users (default: ${DEFAULT-VALUE})")
        List<String> testUsers = List.of("B", "D");

        @Option(names = "--louo", description = "leave-one-user-out: one model per user (slow: 8 trainings)")
        boolean louo;

        @Option(names = "--seed", description = "weights and shuffling (default: ${DEFAULT-VALUE})")
        long seed = 42;

        @Option(names = "--out", description = "folder for the model (default: ${DEFAULT-VALUE})")
        Path out = Path.of("build-output", "surgery");

        @Override
        public Integer call() throws Exception {
            List<Trial> trials = source.load();
            String label = source.label(trials);
            GestureRecognizer.Config d = GestureRecognizer.Config.defaults();
            GestureRecognizer.Config config = new GestureRecognizer.Config(architecture, units, d.downsample(), d.window(),
                    d.stride(), epochs, d.batchSize(), d.learningRate(), seed);
            if (louo) {
                double[] sum = new double[5];
                int folds = 0;
                for (Sequences.Split split : Sequences.leaveOneUserOut(trials)) {
                    GestureRecognizer.Scores s = GestureRecognizer.evaluate(GestureRecognizer.train(split.train(), config), split.test());
                    System.out.printf(Locale.ROOT, "%s fold %s: %s%n", label, split.heldOutUser(), s);
                    double[] v = {s.accuracy(), s.edit(), s.f1At10(), s.f1At25(), s.f1At50()};
                    for (int i = 0; i < 5; i++) {
                        sum[i] += v[i];
                    }
                    folds++;
                }
                System.out.printf(Locale.ROOT, "%s LOUO %s mean of %d folds: frame_accuracy=%.1f edit=%.1f F1@10=%.1f F1@25=%.1f F1@50=%.1f%n",
                        label, architecture, folds, sum[0] / folds, sum[1] / folds, sum[2] / folds, sum[3] / folds, sum[4] / folds);
                return 0;
            }
            List<List<Trial>> split = holdOut(trials, testUsers);
            System.out.printf(Locale.ROOT, "%s data: %d training trials, %d test trials (users %s), %s %d units, %d epochs%n",
                    label, split.get(0).size(), split.get(1).size(), testUsers, architecture, units, epochs);
            long start = System.nanoTime();
            GestureRecognizer.Trained trained = GestureRecognizer.train(split.get(0), config);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.print(trained.model().summary());
            System.out.printf(Locale.ROOT, "trained in %.1f s, final loss %.4f%n", seconds, trained.history().last("loss"));
            GestureRecognizer.Scores scores = GestureRecognizer.evaluate(trained, split.get(1));
            System.out.println(label + " test " + scores);
            Files.createDirectories(out);
            Path file = out.resolve("gestures-" + architecture.name().toLowerCase(Locale.ROOT) + ".nabla");
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("data_label", label);
            meta.put("sim_seed", source.data == null ? source.simSeed : null);
            meta.put("test_users", String.join(",", testUsers));
            meta.put("seed", seed);
            meta.put("epochs", epochs);
            meta.put("test_metrics", scores.toString());
            meta.values().removeIf(java.util.Objects::isNull);
            GestureRecognizer.save(trained, file, meta);
            System.out.println("model: " + file);
            return 0;
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Score a saved gesture recogniser.")
    static final class Evaluate implements Callable<Integer> {
        @CommandLine.Mixin
        Source source = new Source();

        @Option(names = "--model", required = true, description = "a .nabla file written by 'surgery train'")
        Path model;

        @Option(names = "--test-users", split = ",", description = "users to score (default: ${DEFAULT-VALUE})")
        List<String> testUsers = List.of("B", "D");

        @Override
        public Integer call() throws Exception {
            List<Trial> trials = source.load();
            List<Trial> test = holdOut(trials, testUsers).get(1);
            GestureRecognizer.Trained trained = GestureRecognizer.load(model);
            System.out.println(source.label(trials) + " test " + GestureRecognizer.evaluate(trained, test));
            return 0;
        }
    }

    @Command(name = "stream", mixinStandardHelpOptions = true,
            description = "Replay a held-out trial frame by frame: current gesture, expected next, deviation alerts, latency.")
    static final class Stream implements Callable<Integer> {
        @CommandLine.Mixin
        Source source = new Source();

        @Option(names = "--model", required = true, description = "an LSTM .nabla file written by 'surgery train --arch lstm'")
        Path model;

        @Option(names = "--trial", description = "trial name to replay (default: the first trial of the first test user)")
        String trialName;

        @Option(names = "--test-users", split = ",", description = "held-out users (default: ${DEFAULT-VALUE})")
        List<String> testUsers = List.of("B", "D");

        @Option(names = "--hold", description = "network steps a new gesture must last (default: ${DEFAULT-VALUE})")
        int hold = 2;

        @Option(names = "--alert-below", description = "alert on transitions rarer than this (default: ${DEFAULT-VALUE})")
        double alertBelow = 0.05;

        @Override
        public Integer call() throws Exception {
            List<Trial> trials = source.load();
            List<List<Trial>> split = holdOut(trials, testUsers);
            Trial trial = split.get(1).stream().filter(t -> trialName == null || t.name().equals(trialName)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no test trial named " + trialName));
            GestureRecognizer.Trained trained = GestureRecognizer.load(model);
            GestureStream stream = new GestureStream(trained, GestureGrammar.fit(split.get(0)), hold, alertBelow);
            int[] predicted = new int[trial.frames()];
            long[] nanos = new long[trial.frames()];
            Gesture shown = null;
            int alerts = 0;
            System.out.printf(Locale.ROOT, "%s replay of %s (%s, %d frames at 30 Hz)%n", source.label(trials), trial.name(),
                    trial.skill(), trial.frames());
            for (int f = 0; f < trial.frames(); f++) {
                long t0 = System.nanoTime();
                GestureStream.Update u = stream.step(trial.kinematics()[f]);
                nanos[f] = System.nanoTime() - t0;
                predicted[f] = u.current() == null ? 0 : u.current().index();
                if (u.current() != shown || u.alert() != null) {
                    String truth = trial.labels()[f] < 0 ? "-" : Gesture.ofIndex(trial.labels()[f]).name();
                    System.out.printf(Locale.ROOT, "  %6.2f s  now %-4s (p %.2f, true %-4s) next %-4s %s%n", f / Kinematics.HZ,
                            u.current(), u.confidence(), truth, u.next() == null ? "?" : u.next(), u.alert() == null ? "" : "ALERT " + u.alert());
                    shown = u.current();
                    alerts += u.alert() == null ? 0 : 1;
                }
            }
            // latency of the frames that run the network, after the first second (JIT warm-up)
            long[] sorted = java.util.stream.IntStream.range((int) Kinematics.HZ, trial.frames())
                    .filter(f -> f % trained.downsample() == 0).mapToLong(f -> nanos[f]).sorted().toArray();
            double mean = java.util.Arrays.stream(sorted).average().orElse(0) / 1e3;
            System.out.printf(Locale.ROOT, "streamed: frame_accuracy=%.1f edit=%.1f F1@10=%.1f alerts=%d%n",
                    SegmentMetrics.frameAccuracy(predicted, trial.labels()), SegmentMetrics.editScore(predicted, trial.labels()),
                    SegmentMetrics.f1(predicted, trial.labels(), 0.10), alerts);
            System.out.printf(Locale.ROOT, "per-frame latency of the %d network steps after the first second: mean %.1f µs, "
                            + "median %.1f µs, p99 %.1f µs, max %.1f µs (budget at 30 Hz: 33,333 µs)%n", sorted.length,
                    mean, sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.99)] / 1e3, sorted[sorted.length - 1] / 1e3);
            return 0;
        }
    }

    @Command(name = "forecast", mixinStandardHelpOptions = true,
            description = "Forecast the slave tool tips k frames ahead; compare with the constant-velocity baseline (mm).")
    static final class Forecast implements Callable<Integer> {
        @CommandLine.Mixin
        Source source = new Source();

        @Option(names = "--horizon", description = "frames ahead at 10 Hz (default: ${DEFAULT-VALUE})")
        int horizon = 3;

        @Option(names = "--epochs", description = "default: ${DEFAULT-VALUE}")
        int epochs = 4;

        @Option(names = "--test-users", split = ",", description = "held-out users (default: ${DEFAULT-VALUE})")
        List<String> testUsers = List.of("B", "D");

        @Option(names = "--seed", description = "default: ${DEFAULT-VALUE}")
        long seed = 42;

        @Override
        public Integer call() throws Exception {
            List<Trial> trials = source.load();
            List<List<Trial>> split = holdOut(trials, testUsers);
            long start = System.nanoTime();
            MotionForecaster.Trained f = MotionForecaster.train(split.get(0), 3, horizon, 32, 50, epochs, seed);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%s forecast %d frames (%.0f ms) ahead, test users %s, trained in %.1f s:%n",
                    source.label(trials), horizon, horizon * 3 * 1000 / Kinematics.HZ, testUsers, seconds);
            System.out.printf(Locale.ROOT, "  LSTM(32) mean tip error %.2f mm, constant velocity %.2f mm%n",
                    MotionForecaster.error(f, split.get(1)), MotionForecaster.constantVelocityError(split.get(1), 3, horizon));
            return 0;
        }
    }

    @Command(name = "skill", mixinStandardHelpOptions = true,
            description = "Classify operator skill from motion-efficiency features, leave-one-user-out.")
    static final class SkillCommand implements Callable<Integer> {
        @CommandLine.Mixin
        Source source = new Source();

        @Option(names = "--epochs", description = "default: ${DEFAULT-VALUE}")
        int epochs = 200;

        @Option(names = "--seed", description = "default: ${DEFAULT-VALUE}")
        long seed = 42;

        @Override
        public Integer call() throws Exception {
            List<Trial> trials = source.load();
            ConfusionMatrix cm = SkillClassifier.leaveOneUserOut(trials, epochs, seed);
            System.out.printf(Locale.ROOT, "%s skill classification, leave-one-user-out over %d trials: accuracy %.3f%n%s%n",
                    source.label(trials), cm.total(), cm.accuracy(), cm);
            return 0;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Surgery()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }
}
