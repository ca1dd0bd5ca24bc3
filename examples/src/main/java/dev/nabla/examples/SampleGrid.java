package dev.nabla.examples;

import dev.nabla.data.Dataset;
import dev.nabla.gan.GanTrainer;
import dev.nabla.tensor.Tensor;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A {@code side × side} grid of generated images (values in [−1, 1], shape {@code (n, 1, h, w)}) written as
 * a grey-scale PNG. The noise is fixed when the grid is made, so grids of successive epochs show the same
 * samples improving. For a conditional GAN row {@code r} shows class {@code r}.
 */
public final class SampleGrid {
    private final GanTrainer gan;
    private final int side;
    private final Tensor noise;
    private final Tensor labels;

    /** A grid of {@code side × side} samples from fixed noise drawn with {@code seed}. */
    public SampleGrid(GanTrainer gan, int side, long seed) {
        if (side < 1 || gan.classes() > 0 && side != gan.classes()) {
            throw new IllegalArgumentException("SampleGrid: side must be ≥ 1 (and equal the number of classes, "
                    + gan.classes() + ", for a conditional GAN), got " + side);
        }
        this.gan = gan;
        this.side = side;
        this.noise = Tensor.randn(new SplittableRandom(seed), side * side, gan.noiseDim());
        if (gan.classes() > 0) {
            int[] rows = new int[side * side];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = i / side;
            }
            this.labels = Dataset.oneHot(rows, gan.classes());
        } else {
            this.labels = null;
        }
    }

    /** Generates the grid's samples with the current generator and writes them to {@code png}. */
    public void write(Path png) throws IOException {
        Tensor images = gan.generate(noise, labels);
        int h = images.size(2);
        int w = images.size(3);
        int gap = 2;
        BufferedImage img = new BufferedImage(side * (w + gap) + gap, side * (h + gap) + gap, BufferedImage.TYPE_BYTE_GRAY);
        float[] v = images.toArray();
        for (int k = 0; k < side * side; k++) {
            int x0 = gap + (k % side) * (w + gap);
            int y0 = gap + (k / side) * (h + gap);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float p = (v[(k * h + y) * w + x] + 1f) * 0.5f;
                    int grey = Math.round(255 * Math.max(0f, Math.min(1f, p)));
                    img.getRaster().setSample(x0 + x, y0 + y, 0, grey);
                }
            }
        }
        if (png.toAbsolutePath().getParent() != null) {
            Files.createDirectories(png.toAbsolutePath().getParent());
        }
        ImageIO.write(img, "png", png.toFile());
    }
}
