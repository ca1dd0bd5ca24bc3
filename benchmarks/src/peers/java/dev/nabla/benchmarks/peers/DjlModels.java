package dev.nabla.benchmarks.peers;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * The peer-benchmark models as DJL blocks on the PyTorch engine, layer for layer the same as
 * {@code NablaSideBenchmark.leNet5()} and {@code seedCnn()}. The last {@link Linear} emits logits and
 * {@link SoftmaxCrossEntropyLoss} (one-hot labels, {@code fromLogit}) applies log-softmax, which is softmax +
 * categorical cross-entropy. Peer code: compiled only under {@code -Ppeers}.
 */
public final class DjlModels {
    private DjlModels() {
    }

    private static Conv2d conv(int filters, int k, int pad) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(k, k))
                .optPadding(new Shape(pad, pad)).build();
    }

    private static SequentialBlock pool(SequentialBlock b) {
        return b.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
    }

    /** LeNet-5: conv 6@5×5 same, pool, conv 16@5×5 valid, pool, dense 120, 84, 10 logits. */
    public static SequentialBlock leNet5() {
        SequentialBlock b = new SequentialBlock();
        b.add(conv(6, 5, 2)).add(Activation.reluBlock());
        pool(b);
        b.add(conv(16, 5, 0)).add(Activation.reluBlock());
        pool(b);
        b.add(Blocks.batchFlattenBlock());
        b.add(Linear.builder().setUnits(120).build()).add(Activation.reluBlock());
        b.add(Linear.builder().setUnits(84).build()).add(Activation.reluBlock());
        b.add(Linear.builder().setUnits(10).build());
        return b;
    }

    /** The seed CNN: conv 32/64/128 @3×3 valid relu, each followed by max-pool 2, dense 128, 10 logits. */
    public static SequentialBlock seedCnn() {
        SequentialBlock b = new SequentialBlock();
        for (int filters : new int[] {32, 64, 128}) {
            b.add(conv(filters, 3, 0)).add(Activation.reluBlock());
            pool(b);
        }
        b.add(Blocks.batchFlattenBlock());
        b.add(Linear.builder().setUnits(128).build()).add(Activation.reluBlock());
        b.add(Linear.builder().setUnits(10).build());
        return b;
    }

    /** A trainer with Adam (lr 1e-3) and softmax cross-entropy on one-hot labels, initialised for [64,1,28,28]. */
    public static Trainer trainer(Model model) {
        DefaultTrainingConfig config = new DefaultTrainingConfig(
                new SoftmaxCrossEntropyLoss("loss", 1f, -1, false, true))
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
        Trainer trainer = model.newTrainer(config);
        trainer.initialize(new Shape(64, 1, 28, 28));
        return trainer;
    }

    /** One training step: forward, loss, backward, Adam update. */
    public static void step(Trainer trainer, NDArray x, NDArray y) {
        try (GradientCollector gc = trainer.newGradientCollector()) {
            NDList out = trainer.forward(new NDList(x));
            NDArray loss = trainer.getLoss().evaluate(new NDList(y), out);
            gc.backward(loss);
        }
        trainer.step();
    }
}
