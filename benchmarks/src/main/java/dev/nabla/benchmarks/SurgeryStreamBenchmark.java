package dev.nabla.benchmarks;

import dev.nabla.medical.surgery.Gesture;
import dev.nabla.medical.surgery.GestureGrammar;
import dev.nabla.medical.surgery.GestureRecognizer;
import dev.nabla.medical.surgery.GestureStream;
import dev.nabla.medical.surgery.DurationMonitor;
import dev.nabla.medical.surgery.Kinematics;
import dev.nabla.medical.surgery.MotionForecaster;
import dev.nabla.medical.surgery.MotionMonitor;
import dev.nabla.medical.surgery.SurgicalAssistant;
import dev.nabla.medical.surgery.Sequences;
import dev.nabla.medical.surgery.Skill;
import dev.nabla.medical.surgery.Standardizer;
import dev.nabla.medical.surgery.SurgerySimulator;
import dev.nabla.medical.surgery.Trial;
import dev.nabla.nn.Dense;
import dev.nabla.nn.LSTM;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.TimeDistributed;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Per-frame latency of the streaming surgical assistant ({@link GestureStream}): one call = one kinematic
 * frame (76 values) through z-scoring, LSTM(u) → LSTM(u) → Dense(15, softmax) one step each, debouncing
 * and the grammar look-up. Every call runs the network (downsample 1), so this is the worst frame; with
 * the default 30 → 10 Hz downsampling two frames in three skip the network. Weights are untrained (the
 * time does not depend on them); frames come from a SIMULATED trial. The budget at 30 Hz is 33.3 ms.
 * {@code assistant} adds what {@link SurgicalAssistant} runs beside it on every such frame: the LSTM(32)
 * motion forecast ({@link MotionForecaster#predictor}) with its {@link MotionMonitor} check and the
 * {@link DurationMonitor}.
 * Run: {@code ./nabla bench SurgeryStreamBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SurgeryStreamBenchmark {
    @Param({"32", "128"})
    int units;

    GestureStream stream;
    SurgicalAssistant assistant;
    float[][] frames;
    int next;
    int nextAssistant;

    @Setup
    public void setUp() {
        Trial trial = new SurgerySimulator(1).trial("D", Skill.EXPERT, 1);
        Sequential model = GestureRecognizer.lstm(units, Gesture.COUNT);
        model.seed(1);
        model.build(10, Kinematics.COLUMNS);
        GestureRecognizer.Trained trained = new GestureRecognizer.Trained(model,
                Standardizer.fit(List.of(Sequences.downsample(trial, 1))), 1, null);
        stream = new GestureStream(trained, GestureGrammar.fit(List.of(trial)), 2, 0.05);
        frames = trial.kinematics();
        Sequential forecast = new Sequential(new LSTM(32).returnSequences(true), new TimeDistributed(new Dense(6)));
        forecast.seed(2);
        forecast.build(10, Kinematics.COLUMNS);
        MotionForecaster.Trained f = new MotionForecaster.Trained(forecast, trained.standardizer(), 1, 3);
        assistant = new SurgicalAssistant(new GestureStream(trained, GestureGrammar.fit(List.of(trial)), 2, 0.05),
                new MotionMonitor(MotionForecaster.predictor(f), 5, 2), DurationMonitor.calibrate(List.of(trial), 0.99));
    }

    @Benchmark
    public GestureStream.Update step() {
        if (next == frames.length) {
            next = 0;
            stream.reset();
        }
        return stream.step(frames[next++]);
    }

    @Benchmark
    public SurgicalAssistant.Update assistant() {
        if (nextAssistant == frames.length) {
            nextAssistant = 0;
            assistant.reset();
        }
        return assistant.step(frames[nextAssistant++]);
    }
}
