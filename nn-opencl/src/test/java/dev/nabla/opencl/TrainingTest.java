package dev.nabla.opencl;

import dev.nabla.autograd.Grad;
import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.CpuBackend;
import dev.nabla.data.Batch;
import dev.nabla.data.Dataset;
import dev.nabla.data.Mnist;
import dev.nabla.loss.Loss;
import dev.nabla.loss.Losses;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.MaxPool2D;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's MNIST CNN trained for a few hundred steps on OpenCL follows the CPU loss curve, and the
 * model it saves loads on the CPU backend with the same predictions. Uses MNIST from the data cache
 * ({@code scripts/fetch-data.sh mnist}) when present, else synthetic 28×28 digits-like images.
 */
class TrainingTest {
    private static final int STEPS = 200;
    private static final int BATCH = 16;
    private final Backend before = Backends.current();

    @AfterEach
    void restore() {
        Backends.use(before);
    }

    static Sequential seedCnn() {
        return new Sequential(
                new Conv2D(32, 3).activation(Activation.RELU),
                new MaxPool2D(2),
                new Conv2D(64, 3).activation(Activation.RELU),
                new MaxPool2D(2),
                new Conv2D(128, 3).activation(Activation.RELU),
                new MaxPool2D(2),
                new Flatten(),
                new Dense(128).activation(Activation.RELU),
                new Dense(10).activation(Activation.SOFTMAX));
    }

    private static Dataset data() throws IOException {
        Path dir = Mnist.cacheDir().resolve("mnist");
        if (Files.exists(dir.resolve("train-images-idx3-ubyte"))) {
            System.out.println("[TrainingTest] MNIST from " + dir);
            return Mnist.train(dir).slice(0, STEPS * BATCH + 256);
        }
        System.out.println("[TrainingTest] no MNIST in " + dir + ": synthetic images");
        Random rng = new Random(1);
        int n = STEPS * BATCH + 256;
        float[] x = new float[n * 28 * 28];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(10);
            int r = 3 + labels[i] * 2; // a class-dependent bar plus noise
            for (int p = 0; p < 28 * 28; p++) {
                int row = p / 28;
                x[i * 784 + p] = (row >= r && row < r + 3 ? 0.8f : 0f) + 0.2f * rng.nextFloat();
            }
        }
        return Dataset.of(Tensor.wrap(x, n, 1, 28, 28), Dataset.oneHot(labels, 10));
    }

    /** Trains a fresh seed CNN (seed 7) on the backend and returns the loss of every step. */
    private static float[] train(Sequential model, Dataset train, Backend backend) {
        Backends.use(backend);
        Optimizer opt = new Adam(1e-3);
        Loss lossFn = Losses.categoricalCrossentropy();
        List<Tensor> params = model.trainableWeights();
        float[] losses = new float[STEPS];
        int step = 0;
        long up = 0;
        long down = 0;
        for (Batch b : train.batches(BATCH, null, true)) {
            if (step == STEPS) {
                break;
            }
            if (step == 1 && backend instanceof OpenClBackend cl) { // after the step that moved parameters and state
                up = cl.context().bytesUploaded();
                down = cl.context().bytesDownloaded();
            }
            opt.zeroGrad(params);
            Tensor loss = lossFn.compute(model.call(b.x()), b.y());
            loss.backward();
            opt.step(params);
            losses[step++] = loss.item();
        }
        if (backend instanceof OpenClBackend cl) {
            long perStepUp = (cl.context().bytesUploaded() - up) / (STEPS - 1);
            long perStepDown = (cl.context().bytesDownloaded() - down) / (STEPS - 1);
            long batchBytes = 4L * BATCH * (28 * 28 + 10);
            long paramBytes = 0;
            for (Tensor p : params) {
                paramBytes += 4L * p.numel();
                assertTrue(cl.isResident(p), "parameters live on the device");
            }
            System.out.printf("[TrainingTest] OpenCL bytes per step after the first: %d up (the batch is %d), %d down;"
                    + " parameters: %d bytes%n", perStepUp, batchBytes, perStepDown, paramBytes);
            // the host batch goes up for each op that reads it (the first convolution's forward and its
            // weight gradient read the images: twice), plus a few scalar constants; the loss value comes
            // down; no parameter, gradient, optimizer state or pooling index crosses the bus
            assertTrue(perStepUp >= batchBytes && perStepUp <= 2 * batchBytes + 256, "uploaded per step: " + perStepUp);
            assertEquals(4, perStepDown, "downloaded per step: only the loss value");
        }
        return losses;
    }

    private static double mean(float[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s / (to - from);
    }

    @Test
    void seedCnnFollowsTheCpuLossCurveAndLoadsOnTheCpu(@TempDir Path tmp) throws IOException {
        OpenClBackend cl = ClTest.backend();
        Dataset all = data();
        Dataset train = all.slice(0, STEPS * BATCH);
        Tensor probe = all.slice(STEPS * BATCH, STEPS * BATCH + 256).x();

        Sequential cpuModel = seedCnn().seed(7);
        cpuModel.build(1, 28, 28);
        long t0 = System.nanoTime();
        float[] cpuLoss = train(cpuModel, train, new CpuBackend());
        long t1 = System.nanoTime();
        Sequential clModel = seedCnn().seed(7);
        clModel.build(1, 28, 28);
        float[] clLoss = train(clModel, train, cl);
        long t2 = System.nanoTime();
        System.out.printf("[TrainingTest] %d steps of batch %d: CPU %.1f s, OpenCL (%s) %.1f s%n", STEPS, BATCH,
                (t1 - t0) / 1e9, cl.context().device().name(), (t2 - t1) / 1e9);
        StringBuilder curve = new StringBuilder("[TrainingTest] step: cpu / opencl loss (mean of 20 steps)");
        for (int s = 0; s < STEPS; s += 20) {
            double c = mean(cpuLoss, s, s + 20);
            double o = mean(clLoss, s, s + 20);
            curve.append(String.format(java.util.Locale.ROOT, "%n  %3d: %.4f / %.4f", s, c, o));
            assertEquals(c, o, 0.02 + 0.05 * c, "mean loss of steps " + s + ".." + (s + 19));
        }
        System.out.println(curve);
        assertEquals(cpuLoss[0], clLoss[0], 1e-4, "the first loss (same weights, same batch)");
        assertTrue(mean(clLoss, STEPS - 20, STEPS) < 0.6 * mean(clLoss, 0, 20), "the OpenCL run learns");

        // save the OpenCL-trained model, load it on the CPU: same predictions
        Path file = tmp.resolve("seed-cnn-opencl.nabla");
        Tensor clPred;
        try (Grad.Scope off = Grad.off()) {
            clPred = clModel.call(probe);
            clModel.save(file);
        }
        assertTrue(cl.isResident(clPred));
        Backends.use(new CpuBackend());
        Model loaded = Model.load(file);
        Tensor cpuPred;
        try (Grad.Scope off = Grad.off()) {
            cpuPred = loaded.predict(probe);
        }
        ClTest.assertClose(clPred, cpuPred, 1e-4f, 1e-3f, "predictions of the reloaded model");
        float[] a = clPred.toArray();
        float[] b = cpuPred.toArray();
        for (int i = 0; i < 256; i++) {
            assertEquals(argmax(a, i), argmax(b, i), "predicted class of probe " + i);
        }
    }

    private static int argmax(float[] p, int row) {
        int best = 0;
        for (int j = 1; j < 10; j++) {
            if (p[row * 10 + j] > p[row * 10 + best]) {
                best = j;
            }
        }
        return best;
    }
}
