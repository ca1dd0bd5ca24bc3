package dev.nabla.benchmarks;

import dev.nabla.medical.surgery.Gesture;
import dev.nabla.medical.surgery.GestureGrammar;
import dev.nabla.medical.surgery.GestureRecognizer;
import dev.nabla.medical.surgery.GestureStream;
import dev.nabla.medical.surgery.Kinematics;
import dev.nabla.medical.surgery.Sequences;
import dev.nabla.medical.surgery.Skill;
import dev.nabla.medical.surgery.Standardizer;
import dev.nabla.medical.surgery.SurgerySimulator;
import dev.nabla.medical.surgery.Trial;
import dev.nabla.nn.Sequential;
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
    float[][] frames;
    int next;

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
    }

    @Benchmark
    public GestureStream.Update step() {
        if (next == frames.length) {
            next = 0;
            stream.reset();
        }
        return stream.step(frames[next++]);
    }
}
