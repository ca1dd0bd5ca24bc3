package dev.nabla.medical.provenance;

import dev.nabla.data.Dataset;
import dev.nabla.loss.Losses;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.MaxPool2D;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Fit;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Retraining with the same seed on one thread ({@code -Dnabla.threads=1}, read once per JVM by nn-core's
 * {@code Parallel}) reproduces the weights bit for bit. The test forks a JVM with that flag, trains twice there
 * and compares SHA-256 digests of the raw float bits; a different seed must give different weights.
 */
class ReproducibilityTest {

    @Test
    void sameSeedOnOneThreadGivesBitIdenticalWeights() throws Exception {
        List<String> lines = fork("11", "11", "12");
        assertEquals(3, lines.size(), String.valueOf(lines));
        assertEquals(lines.get(0), lines.get(1), "same seed, one thread: weights must match bit for bit");
        assertNotEquals(lines.get(0), lines.get(2), "a different seed must give different weights");
    }

    private static List<String> fork(String... seeds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-Dnabla.threads=1",
                "-cp", System.getProperty("java.class.path"), ReproducibilityTest.class.getName()));
        cmd.addAll(List.of(seeds));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("weights ")) {
                    out.add(line);
                }
            }
        }
        assertEquals(0, p.waitFor(), "forked training failed: " + out);
        return out;
    }

    /** Trains once per seed argument and prints {@code weights <seed> <sha256 of all weight bits>}. */
    public static void main(String[] args) throws Exception {
        for (String s : args) {
            long seed = Long.parseLong(s);
            System.out.println("weights " + seed + " " + train(seed));
        }
    }

    static String train(long seed) throws Exception {
        SplittableRandom data = new SplittableRandom(99); // the same data for every run
        int n = 96;
        Tensor x = Tensor.randn(data, n, 1, 10, 10);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = data.nextInt(3);
        }
        Sequential m = new Sequential(new Conv2D(4, 3).activation(Activation.RELU), new MaxPool2D(2), new Flatten(),
                new Dropout(0.2), new Dense(3).activation(Activation.SOFTMAX)).seed(seed);
        m.compile(new Adam(1e-2), Losses.categoricalCrossentropy());
        m.fit(Dataset.of(x, Dataset.oneHot(labels, 3)), Fit.epochs(2).batchSize(16).seed(seed).verbose(false));
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        for (Tensor w : m.namedWeights().values()) {
            for (float v : w.contiguous().toArray()) {
                d.update(ByteBuffer.allocate(4).putInt(Float.floatToRawIntBits(v)).array());
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
