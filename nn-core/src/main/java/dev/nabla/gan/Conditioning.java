package dev.nabla.gan;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * How a conditional GAN (Mirza &amp; Osindero, 2014) shows the class label {@code y} to its networks:
 * the one-hot label {@code (batch, classes)} is appended to the input along axis 1.
 * <ul>
 *   <li>vectors {@code (batch, features)} → {@code (batch, features + classes)} (the generator's
 *       noise {@code z}, or flat samples for the discriminator);</li>
 *   <li>images {@code (batch, channels, h, w)} → {@code (batch, channels + classes, h, w)}: each
 *       label becomes a constant plane, so a convolutional discriminator sees it at every pixel.</li>
 * </ul>
 * The generator's first layer therefore takes {@code noiseDim + classes} inputs and the
 * discriminator's {@code channels + classes}.
 */
public final class Conditioning {
    private Conditioning() {
    }

    /** {@code x} with the one-hot {@code labels} appended along axis 1 (see the class comment). */
    public static Tensor append(Tensor x, Tensor labels) {
        if (x == null || labels == null) {
            throw new IllegalArgumentException("Conditioning.append: expected inputs and one-hot labels, got "
                    + (x == null ? "null inputs" : "null labels"));
        }
        if (labels.rank() != 2 || labels.size(0) != x.size(0)) {
            throw new IllegalArgumentException("Conditioning.append: expected one-hot labels (batch, classes) with batch "
                    + x.size(0) + " (the inputs' " + Shape.format(x.shape()) + "), got " + Shape.format(labels.shape()));
        }
        int batch = x.size(0);
        int classes = labels.size(1);
        if (x.rank() == 2) {
            return Ops.concat(1, x, labels);
        }
        if (x.rank() == 4) {
            Tensor planes = labels.reshape(batch, classes, 1, 1).expand(batch, classes, x.size(2), x.size(3));
            return Ops.concat(1, x, planes);
        }
        throw new IllegalArgumentException("Conditioning.append: expected inputs (batch, features) or (batch, channels, "
                + "height, width), got " + Shape.format(x.shape()));
    }
}
