package dev.nabla.examples;

import dev.nabla.medical.surgery.Gesture;
import dev.nabla.medical.surgery.GestureGrammar;
import dev.nabla.medical.surgery.GestureRecognizer;
import dev.nabla.medical.surgery.GestureStream;
import dev.nabla.medical.surgery.GestureStretch;
import dev.nabla.medical.surgery.DurationMonitor;
import dev.nabla.medical.surgery.MotionDeviation;
import dev.nabla.medical.surgery.MotionMonitor;
import dev.nabla.medical.surgery.MotionThresholds;
import dev.nabla.medical.surgery.Segment;
import dev.nabla.medical.surgery.SurgicalAssistant;
import dev.nabla.medical.surgery.TipPredictor;
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
 *   stream    replay a held-out trial frame by frame through the streaming assistant: gestures, grammar, motion and
 *             duration alerts (optionally on a SIMULATED deviation); per-frame latency
 *   alerts    false-alert rate and detection delay of the motion and duration alerts on the held-out users
 * </pre>
 * PNGs ({@link SurgeryPlots}): {@code evaluate} writes gesture timelines (true vs predicted) of the first {@code --plots}
 * test trials, {@code stream} the replayed trial's timeline with its alerts, {@code forecast} a tip trajectory with the
 * forecasts.
 */
@Command(name = "surgery", mixinStandardHelpOptions = true,
        description = "Surgical gesture recognition on JIGSAWS-layout kinematics (simulated unless --data).",
        subcommands = {Surgery.Simulate.class, Surgery.Train.class, Surgery.Evaluate.class, Surgery.Stream.class,
                Surgery.Forecast.class, Surgery.SkillCommand.class, Surgery.Alerts.class})
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

        @Option(names = "--plots", description = "write a gesture timeline PNG (true vs predicted) for the first N test trials"
                + " (default: ${DEFAULT-VALUE})")
        int plots = 3;

        @Option(names = "--out", description = "folder for the PNGs (default: ${DEFAULT-VALUE})")
        Path out = Path.of("build-output", "surgery");

        @Override
        public Integer call() throws Exception {
            List<Trial> trials = source.load();
            List<Trial> test = holdOut(trials, testUsers).get(1);
            GestureRecognizer.Trained trained = GestureRecognizer.load(model);
            System.out.println(source.label(trials) + " test " + GestureRecognizer.evaluate(trained, test));
            for (Trial t : test.subList(0, Math.min(plots, test.size()))) {
                Path png = SurgeryPlots.writeTimeline(t, GestureRecognizer.predict(trained, t),
                        SurgeryPlots.title(t, model.getFileName().toString()), List.of(), out.resolve("timeline-" + t.name() + ".png"));
                System.out.println("timeline: " + png);
            }
            return 0;
        }
    }

    /** Options of the motion and duration alerts. */
    static final class AlertOptions {
        @Option(names = "--forecaster", description = "forecaster saved by 'surgery forecast' for the motion alert"
                + " (default: the constant-velocity baseline)")
        Path forecaster;

        @Option(names = "--motion-threshold", description = "motion-alert threshold, mm (default: the one stored with the"
                + " forecaster, else the --motion-quantile of the residuals on the training trials)")
        Double motionThreshold;

        @Option(names = "--motion-quantile", description = "quantile of the training residuals used as threshold when none"
                + " is stored or given (default: ${DEFAULT-VALUE})")
        double motionQuantile = 0.999;

        @Option(names = "--persistence", description = "consecutive 10 Hz checks above the threshold before a motion alert"
                + " (default: ${DEFAULT-VALUE})")
        int persistence = 2;

        @Option(names = "--motion-per-gesture", description = "one motion threshold per (current) gesture instead of one"
                + " pooled threshold")
        boolean perGesture;

        @Option(names = "--duration-quantile", description = "duration alert: a gesture lasting longer than this quantile of"
                + " its training durations (default: ${DEFAULT-VALUE})")
        double durationQuantile = 0.99;

        TipPredictor predictor() throws Exception {
            return forecaster == null ? TipPredictor.constantVelocity(3, 9) : MotionForecaster.predictor(MotionForecaster.load(forecaster));
        }

        MotionMonitor motion(List<Trial> train) throws Exception {
            TipPredictor p = predictor();
            MotionThresholds thresholds;
            String from;
            if (motionThreshold != null) {
                thresholds = MotionThresholds.uniform(motionThreshold);
                from = "--motion-threshold";
            } else if (forecaster != null && MotionForecaster.savedThresholds(forecaster).isPresent()) {
                thresholds = MotionForecaster.savedThresholds(forecaster).get();
                from = "stored with " + forecaster.getFileName();
            } else {
                thresholds = MotionThresholds.calibrate(p, train, motionQuantile);
                from = String.format(Locale.ROOT, "%.1f%% quantiles on %d training trials", 100 * motionQuantile, train.size());
            }
            if (!perGesture) {
                thresholds = MotionThresholds.uniform(thresholds.pooled());
            }
            System.out.printf(Locale.ROOT, "motion alert: %s forecast %d frames ahead, thresholds (%s): pooled %.2f mm; %s;"
                            + " persistence %d checks%n", forecaster == null ? "constant-velocity" : "LSTM", p.lead(), from,
                    thresholds.pooled(), perGesture(thresholds), persistence);
            return new MotionMonitor(p, thresholds, persistence);
        }

        DurationMonitor duration(List<Trial> train) {
            return DurationMonitor.calibrate(train, durationQuantile);
        }
    }

    static String perGesture(MotionThresholds thresholds) {
        StringBuilder b = new StringBuilder("per gesture");
        double[] per = thresholds.perGesture();
        for (int g = 0; g < per.length; g++) {
            if (!Double.isNaN(per[g])) {
                b.append(String.format(Locale.ROOT, " %s %.2f", Gesture.ofIndex(g), per[g]));
            }
        }
        return per.length == 0 || java.util.Arrays.stream(per).allMatch(Double::isNaN) ? "none per gesture" : b.toString();
    }

    /** What a replay gave: the alerts, the current gesture per frame, the step latencies. */
    record Replay(List<SurgicalAssistant.Alert> alerts, int[] predicted, long[] nanos) {
        long count(SurgicalAssistant.Kind kind) {
            return alerts.stream().filter(a -> a.kind() == kind).count();
        }

        /** The first alert of {@code kind} at or after {@code from}, or -1. */
        int first(SurgicalAssistant.Kind kind, int from) {
            return alerts.stream().filter(a -> a.kind() == kind && a.frame() >= from).mapToInt(SurgicalAssistant.Alert::frame)
                    .min().orElse(-1);
        }
    }

    /**
     * Feeds {@code trial} frame by frame to a {@link SurgicalAssistant}; without a gesture stream it is given the
     * true labels as the current gesture. With {@code print}, prints each change of the current gesture and each alert.
     */
    static Replay replay(Trial trial, GestureStream stream, MotionMonitor motion, DurationMonitor duration, boolean print) {
        SurgicalAssistant assistant = new SurgicalAssistant(stream, motion, duration);
        assistant.reset();
        List<SurgicalAssistant.Alert> alerts = new ArrayList<>();
        int[] predicted = new int[trial.frames()];
        long[] nanos = new long[trial.frames()];
        Gesture shown = null;
        for (int f = 0; f < trial.frames(); f++) {
            float[] frame = trial.kinematics()[f];
            long t0 = System.nanoTime();
            SurgicalAssistant.Update u = stream != null ? assistant.step(frame)
                    : assistant.step(frame, trial.labels()[f] < 0 ? null : Gesture.ofIndex(trial.labels()[f]));
            nanos[f] = System.nanoTime() - t0;
            predicted[f] = u.current() == null ? 0 : u.current().index();
            alerts.addAll(u.alerts());
            if (print && stream != null && (u.current() != shown || !u.alerts().isEmpty())) {
                String truth = trial.labels()[f] < 0 ? "-" : Gesture.ofIndex(trial.labels()[f]).name();
                System.out.printf(Locale.ROOT, "  %6.2f s  now %-4s (p %.2f, true %-4s) next %-4s%n", f / Kinematics.HZ,
                        u.current(), u.confidence(), truth, u.next() == null ? "?" : u.next());
                shown = u.current();
            }
            if (print) {
                u.alerts().forEach(a -> System.out.println("    ALERT " + a));
            }
        }
        return new Replay(alerts, predicted, nanos);
    }

    /** Options that alter a replayed trial, to see the alerts fire (SIMULATED deviations). */
    static final class InjectOptions {
        @Option(names = "--inject-jump-mm", description = "move one slave tip by this many mm (x) for --inject-seconds")
        double jumpMm;

        @Option(names = "--inject-tremor-mm", description = "add a tremor of this amplitude, mm")
        double tremorMm;

        @Option(names = "--inject-tremor-hz", description = "tremor frequency (default: ${DEFAULT-VALUE}; the checks run at 10 Hz)")
        double tremorHz = 4;

        @Option(names = "--inject-at", description = "onset of the deviation, s (default: the middle of the trial)")
        Double at;

        @Option(names = "--inject-seconds", description = "length of the deviation (default: ${DEFAULT-VALUE})")
        double seconds = 2;

        @Option(names = "--inject-arm", description = "0 left, 1 right (default: ${DEFAULT-VALUE})")
        int arm;

        @Option(names = "--stretch-segment", description = "slow down this segment (0-based) by --stretch-factor")
        Integer stretchSegment;

        @Option(names = "--stretch-factor", description = "default: ${DEFAULT-VALUE}")
        double stretchFactor = 3;

        boolean deviates() {
            return jumpMm != 0 || tremorMm != 0;
        }

        MotionDeviation deviation(Trial t) {
            int start = at == null ? t.frames() / 2 : (int) Math.round(at * Kinematics.HZ);
            return new MotionDeviation(arm, start, (int) Math.round(seconds * Kinematics.HZ), new double[] {jumpMm, 0, 0},
                    tremorMm, tremorHz);
        }
    }

    @Command(name = "stream", mixinStandardHelpOptions = true,
            description = "Replay a held-out trial frame by frame: current gesture, expected next, grammar, motion and "
                    + "duration alerts, latency.")
    static final class Stream implements Callable<Integer> {
        @CommandLine.Mixin
        Source source = new Source();

        @CommandLine.Mixin
        AlertOptions alertOptions = new AlertOptions();

        @CommandLine.Mixin
        InjectOptions inject = new InjectOptions();

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

        @Option(names = "--out", description = "folder for the timeline PNG (default: ${DEFAULT-VALUE})")
        Path out = Path.of("build-output", "surgery");

        @Override
        public Integer call() throws Exception {
            List<Trial> trials = source.load();
            List<List<Trial>> split = holdOut(trials, testUsers);
            Trial trial = split.get(1).stream().filter(t -> trialName == null || t.name().equals(trialName)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no test trial named " + trialName));
            String changes = "";
            if (inject.stretchSegment != null) {
                Segment s = trial.segments().get(inject.stretchSegment);
                trial = GestureStretch.apply(trial, inject.stretchSegment, inject.stretchFactor);
                changes += String.format(Locale.ROOT, ", SIMULATED stretch: segment %d (%s from %.2f s) slowed %.1f×",
                        inject.stretchSegment, Gesture.ofIndex(s.label()), s.start() / Kinematics.HZ, inject.stretchFactor);
            }
            if (inject.deviates()) {
                MotionDeviation d = inject.deviation(trial);
                trial = d.apply(trial);
                changes += String.format(Locale.ROOT, ", SIMULATED deviation of the %s tip: jump %.1f mm, tremor %.1f mm at %.1f Hz,"
                                + " %.2f–%.2f s", d.arm() == 0 ? "left" : "right", inject.jumpMm, inject.tremorMm, inject.tremorHz,
                        d.start() / Kinematics.HZ, (d.start() + d.frames()) / Kinematics.HZ);
            }
            GestureRecognizer.Trained trained = GestureRecognizer.load(model);
            GestureStream stream = new GestureStream(trained, GestureGrammar.fit(split.get(0)), hold, alertBelow);
            MotionMonitor motion = alertOptions.motion(split.get(0));
            DurationMonitor duration = alertOptions.duration(split.get(0));
            System.out.printf(Locale.ROOT, "%s replay of %s (%s, %d frames at 30 Hz%s)%n", source.label(trials), trial.name(),
                    trial.skill(), trial.frames(), changes);
            Replay r = replay(trial, stream, motion, duration, true);
            long[] nanos = r.nanos();
            int[] predicted = r.predicted();
            // latency of the frames that run the networks, after the first second (JIT warm-up)
            long[] sorted = java.util.stream.IntStream.range((int) Kinematics.HZ, trial.frames())
                    .filter(f -> f % trained.downsample() == 0).mapToLong(f -> nanos[f]).sorted().toArray();
            double mean = java.util.Arrays.stream(sorted).average().orElse(0) / 1e3;
            System.out.printf(Locale.ROOT, "streamed: frame_accuracy=%.1f edit=%.1f F1@10=%.1f alerts=%d (grammar %d, motion %d, duration %d)%n",
                    SegmentMetrics.frameAccuracy(predicted, trial.labels()), SegmentMetrics.editScore(predicted, trial.labels()),
                    SegmentMetrics.f1(predicted, trial.labels(), 0.10), r.alerts().size(), r.count(SurgicalAssistant.Kind.GRAMMAR),
                    r.count(SurgicalAssistant.Kind.MOTION), r.count(SurgicalAssistant.Kind.DURATION));
            System.out.printf(Locale.ROOT, "per-frame latency (recogniser + monitors) of the %d network steps after the first second: mean %.1f µs, "
                            + "median %.1f µs, p99 %.1f µs, max %.1f µs (budget at 30 Hz: 33,333 µs)%n", sorted.length,
                    mean, sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.99)] / 1e3, sorted[sorted.length - 1] / 1e3);
            Path png = SurgeryPlots.writeTimeline(trial, predicted, SurgeryPlots.title(trial, "streamed") + " (red: alerts)",
                    r.alerts().stream().map(SurgicalAssistant.Alert::frame).toList(), out.resolve("stream-" + trial.name() + ".png"));
            System.out.println("timeline: " + png);
            return 0;
        }
    }

    @Command(name = "alerts", mixinStandardHelpOptions = true,
            description = "Measure the motion and duration alerts on the held-out trials: false alerts per minute on the "
                    + "clean trials, detection delay on SIMULATED jumps, tremor and stretched gestures.")
    static final class Alerts implements Callable<Integer> {
        @CommandLine.Mixin
        Source source = new Source();

        @CommandLine.Mixin
        AlertOptions alertOptions = new AlertOptions();

        @Option(names = "--model", description = "an LSTM gesture recogniser: the duration alert then reads its streamed"
                + " gestures (default: the true labels)")
        Path model;

        @Option(names = "--test-users", split = ",", description = "held-out users (default: ${DEFAULT-VALUE})")
        List<String> testUsers = List.of("B", "D");

        @Option(names = "--jump-mm", description = "injected jump (default: ${DEFAULT-VALUE})")
        double jumpMm = 10;

        @Option(names = "--tremor-mm", description = "injected tremor amplitude (default: ${DEFAULT-VALUE})")
        double tremorMm = 3;

        @Option(names = "--tremor-hz", description = "injected tremor frequency (default: ${DEFAULT-VALUE})")
        double tremorHz = 4;

        @Option(names = "--stretch-factor", description = "slow-down of the stretched gesture (default: ${DEFAULT-VALUE})")
        double stretchFactor = 3;

        @Override
        public Integer call() throws Exception {
            List<Trial> trials = source.load();
            String label = source.label(trials);
            List<List<Trial>> split = holdOut(trials, testUsers);
            MotionMonitor motion = alertOptions.motion(split.get(0));
            DurationMonitor duration = alertOptions.duration(split.get(0));
            GestureStream stream = model == null ? null
                    : new GestureStream(GestureRecognizer.load(model), GestureGrammar.fit(split.get(0)), 2, 0.05);
            System.out.printf(Locale.ROOT, "duration alert on the %s gestures, %.1f%% quantile of the training durations%n",
                    stream == null ? "true" : "streamed", 100 * alertOptions.durationQuantile);
            double minutes = 0;
            long[] clean = new long[3];
            System.out.println(label + " clean held-out trials:");
            for (Trial t : split.get(1)) {
                Replay r = replay(t, stream, motion, duration, false);
                minutes += t.seconds() / 60;
                clean[0] += r.count(SurgicalAssistant.Kind.MOTION);
                clean[1] += r.count(SurgicalAssistant.Kind.DURATION);
                clean[2] += r.count(SurgicalAssistant.Kind.GRAMMAR);
                System.out.printf(Locale.ROOT, "  %s %-12s %6.1f s: motion %d, duration %d%s%n", t.name(), t.skill(), t.seconds(),
                        r.count(SurgicalAssistant.Kind.MOTION), r.count(SurgicalAssistant.Kind.DURATION), stream == null ? "" : ", grammar " + r.count(SurgicalAssistant.Kind.GRAMMAR));
            }
            System.out.printf(Locale.ROOT, "  %d trials, %.1f min: false alerts per minute: motion %.2f, duration %.2f%s%n",
                    split.get(1).size(), minutes, clean[0] / minutes, clean[1] / minutes,
                    stream == null ? "" : String.format(Locale.ROOT, ", grammar %.2f", clean[2] / minutes));
            int seconds = 2;
            List<String> kinds = List.of(String.format(Locale.ROOT, "jump %.0f mm", jumpMm),
                    String.format(Locale.ROOT, "tremor %.1f mm %.0f Hz", tremorMm, tremorHz));
            for (String kind : kinds) {
                List<Integer> delays = new ArrayList<>();
                int before = 0;
                for (Trial t : split.get(1)) {
                    for (int arm = 0; arm < 2; arm++) {
                        int start = t.frames() / 2;
                        int frames = (int) (seconds * Kinematics.HZ);
                        MotionDeviation d = kind.startsWith("jump") ? MotionDeviation.jump(arm, start, frames, jumpMm)
                                : MotionDeviation.tremor(arm, start, frames, tremorMm, tremorHz);
                        Replay r = replay(d.apply(t), stream, motion, duration, false);
                        int hit = r.first(SurgicalAssistant.Kind.MOTION, start);
                        before += r.alerts().stream().filter(a -> a.kind() == SurgicalAssistant.Kind.MOTION && a.frame() < start).count();
                        if (hit >= 0 && hit <= start + frames) {
                            delays.add(hit - start);
                        }
                    }
                }
                int n = split.get(1).size() * 2;
                System.out.printf(Locale.ROOT, "%s %s on either slave tip for %d s from mid-trial (%d cases): detected %d within "
                                + "the deviation, delay frames mean %.1f, max %s (%.0f ms mean); motion alerts before onset: %d%n",
                        label, kind, seconds, n, delays.size(), delays.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN),
                        delays.stream().mapToInt(Integer::intValue).max().stream().mapToObj(String::valueOf).findFirst().orElse("-"),
                        1000 / Kinematics.HZ * delays.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN), before);
            }
            int detected = 0;
            List<Double> late = new ArrayList<>();
            for (Trial t : split.get(1)) {
                int index = t.segments().size() / 2;
                Segment s = t.segments().get(index);
                Trial slow = GestureStretch.apply(t, index, stretchFactor);
                Replay r = replay(slow, stream, motion, duration, false);
                int end = s.start() + (int) Math.round(stretchFactor * s.length());
                int hit = r.first(SurgicalAssistant.Kind.DURATION, s.start());
                if (hit >= 0 && hit < end + 3 * 3) {
                    detected++;
                    late.add((hit - s.start()) / Kinematics.HZ);
                }
            }
            System.out.printf(Locale.ROOT, "%s the middle gesture of each trial slowed %.1f×: duration alert during it in %d of %d trials,"
                            + " %.1f s after its start on average%n", label, stretchFactor, detected, split.get(1).size(),
                    late.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
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

        @Option(names = "--alert-quantile", description = "motion-alert threshold: this quantile of the forecast residual"
                + " on the training trials (default: ${DEFAULT-VALUE})")
        double alertQuantile = 0.999;

        @Option(names = "--out", description = "where to save the forecaster with its alert threshold (default: ${DEFAULT-VALUE})")
        Path out = Path.of("build-output", "surgery", "forecaster.nabla");

        @Option(names = "--calibration-users", split = ",", description = "calibrate the alert thresholds on these training"
                + " users' trials with a second forecaster trained without them (default: calibrate on the residuals of"
                + " all training trials under the final forecaster)")
        List<String> calibrationUsers = List.of();

        @Option(names = "--plot-seconds", description = "length of the trajectory plot (right slave tip of the first test"
                + " trial from a third of its length), s (default: ${DEFAULT-VALUE})")
        double plotSeconds = 10;

        @Override
        public Integer call() throws Exception {
            List<Trial> trials = source.load();
            String label = source.label(trials);
            List<List<Trial>> split = holdOut(trials, testUsers);
            long start = System.nanoTime();
            MotionForecaster.Trained f = MotionForecaster.train(split.get(0), 3, horizon, 32, 50, epochs, seed);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%s forecast %d frames (%.0f ms) ahead, test users %s, trained in %.1f s:%n",
                    label, horizon, horizon * 3 * 1000 / Kinematics.HZ, testUsers, seconds);
            System.out.printf(Locale.ROOT, "  LSTM(32) mean tip error %.2f mm, constant velocity %.2f mm%n",
                    MotionForecaster.error(f, split.get(1)), MotionForecaster.constantVelocityError(split.get(1), 3, horizon));
            MotionThresholds thresholds;
            String calibratedOn;
            if (calibrationUsers.isEmpty()) {
                thresholds = MotionThresholds.calibrate(MotionForecaster.predictor(f), split.get(0), alertQuantile);
                calibratedOn = split.get(0).size() + " training trials (the forecaster's own)";
            } else {
                List<List<Trial>> inner = holdOut(split.get(0), calibrationUsers);
                MotionForecaster.Trained c = MotionForecaster.train(inner.get(0), 3, horizon, 32, 50, epochs, seed);
                thresholds = MotionThresholds.calibrate(MotionForecaster.predictor(c), inner.get(1), alertQuantile);
                calibratedOn = inner.get(1).size() + " trials of users " + calibrationUsers + " under a forecaster trained on the other "
                        + inner.get(0).size();
            }
            System.out.printf(Locale.ROOT, "  motion-alert thresholds, %.1f%% quantiles of the max-tip residual on %s:"
                    + " pooled %.2f mm; %s%n", 100 * alertQuantile, calibratedOn, thresholds.pooled(), perGesture(thresholds));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("data_label", label);
            if (source.data == null) {
                meta.put("sim_seed", source.simSeed);
            }
            meta.put("test_users", String.join(",", testUsers));
            meta.put("seed", seed);
            meta.put("epochs", epochs);
            meta.put("motion_alert_quantile", alertQuantile);
            meta.put("motion_alert_calibrated_on", calibratedOn);
            meta.putAll(MotionForecaster.thresholdMetadata(thresholds));
            MotionForecaster.save(f, out, meta);
            System.out.println("forecaster: " + out);
            Trial shown = split.get(1).get(0);
            int from = shown.frames() / 3;
            Map<String, TipPredictor> predictors = new LinkedHashMap<>();
            predictors.put("LSTM forecast", MotionForecaster.predictor(f));
            predictors.put("constant velocity", TipPredictor.constantVelocity(3, horizon * 3));
            Path png = SurgeryPlots.writeTrajectory(shown, 1, from, from + (int) (plotSeconds * Kinematics.HZ), predictors,
                    out.toAbsolutePath().getParent().resolve("trajectory-" + shown.name() + "-right.png"));
            System.out.println("trajectory: " + png);
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
