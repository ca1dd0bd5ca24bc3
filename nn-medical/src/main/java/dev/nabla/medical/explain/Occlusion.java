package dev.nabla.medical.explain;

import dev.nabla.nn.Model;
import dev.nabla.tensor.Tensor;

import java.util.function.Function;

/**
 * Occlusion sensitivity (Zeiler &amp; Fergus 2014): slide a {@code patch×patch} square of a constant
 * {@code baseline} value over the image with {@code stride}, and record how much the explained score
 * drops,
 * <pre>
 *     M(i, j) = mean over the patches P covering (i, j) of  [ S_c(x) − S_c(x with P set to baseline) ]
 * </pre>
 * (pixels no patch covers get 0). Positive: covering this region lowers the score, the model relies on
 * it. Model-agnostic: needs only forward passes (batched, {@code batch} occluded images at a time).
 */
public final class Occlusion {
    private final int patch;
    private final int stride;
    private final float baseline;
    private final int batch;

    /**
     * Occlusion with these settings.
     *
     * @throws IllegalArgumentException when patch or stride is below 1
     */
    public Occlusion(int patch, int stride, float baseline) {
        if (patch < 1 || stride < 1) {
            throw new IllegalArgumentException("occlusion: patch and stride must be >= 1, got patch=" + patch
                    + " stride=" + stride);
        }
        this.patch = patch;
        this.stride = stride;
        this.baseline = baseline;
        this.batch = 64;
    }

    /** The map for a model's output column {@code classIndex}; {@code input} is (1, C, H, W). */
    public float[][] map(Model model, Tensor input, int classIndex) {
        return map(x -> model.predict(x), input, classIndex);
    }

    /** The map for any function from a batch (n, C, H, W) to scores (n, classes). */
    public float[][] map(Function<Tensor, Tensor> predict, Tensor input, int classIndex) {
        if (input.rank() != 4 || input.size(0) != 1) {
            throw new IllegalArgumentException("occlusion: expected one image (1, C, H, W), got "
                    + java.util.Arrays.toString(input.shape()));
        }
        int c = input.size(1);
        int h = input.size(2);
        int w = input.size(3);
        if (patch > h || patch > w) {
            throw new IllegalArgumentException("occlusion: patch " + patch + " is larger than the image " + h + "×" + w);
        }
        float[] x = input.contiguous().toArray();
        float base = score(predict.apply(Tensor.of(x.clone(), 1, c, h, w)), 0, classIndex);
        int rows = (h - patch) / stride + 1;
        int cols = (w - patch) / stride + 1;
        int positions = rows * cols;
        double[][] sum = new double[h][w];
        int[][] count = new int[h][w];
        int plane = h * w;
        for (int start = 0; start < positions; start += batch) {
            int n = Math.min(batch, positions - start);
            float[] xs = new float[n * c * plane];
            for (int b = 0; b < n; b++) {
                System.arraycopy(x, 0, xs, b * c * plane, c * plane);
                int top = ((start + b) / cols) * stride;
                int left = ((start + b) % cols) * stride;
                for (int ch = 0; ch < c; ch++) {
                    for (int i = top; i < top + patch; i++) {
                        for (int j = left; j < left + patch; j++) {
                            xs[b * c * plane + ch * plane + i * w + j] = baseline;
                        }
                    }
                }
            }
            Tensor out = predict.apply(Tensor.of(xs, n, c, h, w));
            for (int b = 0; b < n; b++) {
                double drop = base - score(out, b, classIndex);
                int top = ((start + b) / cols) * stride;
                int left = ((start + b) % cols) * stride;
                for (int i = top; i < top + patch; i++) {
                    for (int j = left; j < left + patch; j++) {
                        sum[i][j] += drop;
                        count[i][j]++;
                    }
                }
            }
        }
        float[][] m = new float[h][w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                m[i][j] = count[i][j] == 0 ? 0 : (float) (sum[i][j] / count[i][j]);
            }
        }
        return m;
    }

    private static float score(Tensor out, int row, int classIndex) {
        if (out.rank() != 2 || classIndex < 0 || classIndex >= out.size(1)) {
            throw new IllegalArgumentException("occlusion: expected scores (batch, classes) with class " + classIndex
                    + ", got " + java.util.Arrays.toString(out.shape()));
        }
        return out.get(row, classIndex);
    }
}
