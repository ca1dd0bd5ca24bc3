import dev.nabla.autograd.Grad;
import dev.nabla.nn.*;
import dev.nabla.loss.Losses;
import dev.nabla.ops.Ops;
import dev.nabla.ops.Padding;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;
import java.util.Random;
/**
 * One operation of {@link AB}, loaded once per nn-core jar: {@code fwd} conv2d forward (input [32,16,64,64],
 * 32 filters 3×3 same + bias), {@code fwdbwd} the same with the gradients of input, weights and bias, and
 * {@code cnn} one training step of the seed CNN (batch 64, Adam) — the cases of benchmarks' GemmAB.
 */
public class Runner implements Runnable {
  Tensor x, w, bias, cx, labels; Sequential model; String which;
  public Runner(String which) {
    this.which = which;
    Random rng = new Random(42);
    x = Tensor.randn(rng, 32, 16, 64, 64).requiresGrad(true);
    w = Tensor.randn(rng, 32, 16, 3, 3).requiresGrad(true);
    bias = Tensor.randn(rng, 32).requiresGrad(true);
    if (which.equals("cnn")) {
      model = new Sequential(
          new Conv2D(32, 3).activation(Activation.RELU), new MaxPool2D(2),
          new Conv2D(64, 3).activation(Activation.RELU), new MaxPool2D(2),
          new Conv2D(128, 3).activation(Activation.RELU), new MaxPool2D(2),
          new Flatten(), new Dense(128).activation(Activation.RELU),
          new Dense(10).activation(Activation.SOFTMAX));
      model.seed(1); model.build(1, 28, 28);
      model.compile(new Adam(1e-3), Losses.categoricalCrossentropy(false, 0f));
      Random r = new Random(7);
      cx = Tensor.rand(r, 64, 1, 28, 28);
      float[] y = new float[640];
      for (int i = 0; i < 64; i++) y[i * 10 + r.nextInt(10)] = 1f;
      labels = Tensor.of(y, 64, 10);
    }
  }
  public void run() {
    switch (which) {
      case "fwd": try (Grad.Scope off = Grad.off()) { Ops.conv2d(x, w, bias, 1, Padding.SAME); } break;
      case "fwdbwd": Ops.conv2d(x, w, bias, 1, Padding.SAME).sum().backward(); x.zeroGrad(); w.zeroGrad(); bias.zeroGrad(); break;
      case "cnn": model.trainOnBatch(cx, labels); break;
      default: throw new IllegalArgumentException(which);
    }
  }
}
