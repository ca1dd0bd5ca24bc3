package dev.nabla.examples;

import dev.nabla.autograd.Grad;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.List;

/**
 * Sample-quality scores of a generative model computed with a classifier {@code p(y|x)}:
 * <pre>
 *   Inception Score   IS  = exp( E_x KL( p(y|x) ‖ p(y) ) ),   p(y) = E_x p(y|x)
 *   Fréchet distance  FD  = ‖μ₁ − μ₂‖² + tr( C₁ + C₂ − 2·(C₁^½ C₂ C₁^½)^½ )
 * </pre>
 * IS is high (at most the number of classes) when each sample is classified confidently and the
 * classes are used evenly; it is 1 when every sample gets the same prediction. FD compares Gaussians
 * fitted (mean {@code μ}, covariance {@code C}) to the classifier's penultimate-layer features of two
 * sample sets — 0 for identical statistics, lower is better. With an ImageNet Inception network these
 * are the IS and FID of the literature; here the classifier is an MNIST CNN, so the values are only
 * comparable between runs that use the same classifier. {@code tr((C₁^½ C₂ C₁^½)^½)} equals
 * {@code tr((C₁C₂)^½)} and is computed from the eigenvalues of the symmetric matrix
 * {@code C₁^½ C₂ C₁^½} (Commons Math {@link EigenDecomposition}); round-off below zero is clamped.
 */
public final class GanQuality {
    private GanQuality() {
    }

    /** A Gaussian fitted to feature vectors: the mean and the (unbiased, {@code n − 1}) covariance. */
    public record Gaussian(double[] mean, double[][] covariance) {
        /** Fits {@code features[sample][feature]} (at least 2 samples). */
        public static Gaussian of(double[][] features) {
            if (features == null || features.length < 2) {
                throw new IllegalArgumentException("GanQuality.Gaussian: need at least 2 feature vectors, got "
                        + (features == null ? "null" : features.length));
            }
            int n = features.length;
            int d = features[0].length;
            double[] mean = new double[d];
            for (double[] f : features) {
                if (f.length != d) {
                    throw new IllegalArgumentException("GanQuality.Gaussian: feature vectors of " + d + " and "
                            + f.length + " values");
                }
                for (int j = 0; j < d; j++) {
                    mean[j] += f[j] / n;
                }
            }
            double[][] cov = new double[d][d];
            double[] c = new double[d];
            for (double[] f : features) {
                for (int j = 0; j < d; j++) {
                    c[j] = f[j] - mean[j];
                }
                for (int a = 0; a < d; a++) {
                    double ca = c[a];
                    double[] row = cov[a];
                    for (int b = a; b < d; b++) {
                        row[b] += ca * c[b];
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                for (int b = a; b < d; b++) {
                    cov[a][b] /= n - 1;
                    cov[b][a] = cov[a][b];
                }
            }
            return new Gaussian(mean, cov);
        }
    }

    /** What a classifier makes of a set of images: class probabilities and penultimate features. */
    public record Outputs(double[][] probabilities, double[][] features) {
    }

    /** {@code IS = exp(E_x KL(p(y|x) ‖ p(y)))} from {@code probabilities[sample][class]} (rows sum to 1). */
    public static double inceptionScore(double[][] probabilities) {
        if (probabilities == null || probabilities.length == 0) {
            throw new IllegalArgumentException("GanQuality.inceptionScore: no predictions");
        }
        int k = probabilities[0].length;
        double[] marginal = new double[k];
        for (double[] p : probabilities) {
            if (p.length != k) {
                throw new IllegalArgumentException("GanQuality.inceptionScore: rows of " + k + " and " + p.length
                        + " classes");
            }
            for (int c = 0; c < k; c++) {
                marginal[c] += p[c] / probabilities.length;
            }
        }
        double kl = 0;
        for (double[] p : probabilities) {
            for (int c = 0; c < k; c++) {
                if (p[c] > 0) {
                    kl += p[c] * (Math.log(p[c]) - Math.log(marginal[c]));
                }
            }
        }
        return Math.exp(kl / probabilities.length);
    }

    /** {@code FD = ‖μ₁ − μ₂‖² + tr(C₁ + C₂ − 2·(C₁^½ C₂ C₁^½)^½)}. */
    public static double frechetDistance(Gaussian a, Gaussian b) {
        int d = a.mean().length;
        if (b.mean().length != d) {
            throw new IllegalArgumentException("GanQuality.frechetDistance: Gaussians of dimension " + d + " and "
                    + b.mean().length);
        }
        double meanTerm = 0;
        for (int j = 0; j < d; j++) {
            double diff = a.mean()[j] - b.mean()[j];
            meanTerm += diff * diff;
        }
        RealMatrix c1 = new Array2DRowRealMatrix(a.covariance());
        RealMatrix c2 = new Array2DRowRealMatrix(b.covariance());
        RealMatrix root1 = sqrtSymmetric(c1);
        RealMatrix product = root1.multiply(c2).multiply(root1);
        double traceRoot = 0;
        for (double lambda : new EigenDecomposition(symmetrized(product)).getRealEigenvalues()) {
            traceRoot += Math.sqrt(Math.max(lambda, 0));
        }
        return Math.max(0, meanTerm + c1.getTrace() + c2.getTrace() - 2 * traceRoot);
    }

    /** The symmetric square root {@code V·diag(√max(λ, 0))·Vᵀ} of a symmetric positive semi-definite matrix. */
    static RealMatrix sqrtSymmetric(RealMatrix m) {
        EigenDecomposition eig = new EigenDecomposition(symmetrized(m));
        RealMatrix v = eig.getV();
        double[] lambda = eig.getRealEigenvalues();
        RealMatrix scaled = v.copy();
        for (int j = 0; j < lambda.length; j++) {
            double s = Math.sqrt(Math.max(lambda[j], 0));
            for (int i = 0; i < scaled.getRowDimension(); i++) {
                scaled.multiplyEntry(i, j, s);
            }
        }
        return scaled.multiply(v.transpose());
    }

    private static RealMatrix symmetrized(RealMatrix m) {
        return m.add(m.transpose()).scalarMultiply(0.5);
    }

    /**
     * Runs {@code classifier} (a {@link Sequential} ending in a softmax layer) over {@code images} in
     * inference mode and keeps, per image, the softmax output and the input of the last layer (the
     * penultimate features).
     */
    public static Outputs classify(Sequential classifier, Tensor images, int batchSize) {
        List<Layer> layers = classifier.layers();
        if (layers.size() < 2) {
            throw new IllegalArgumentException("GanQuality.classify: the classifier needs a feature layer and an output "
                    + "layer, got " + layers.size() + " layer(s)");
        }
        int n = images.size(0);
        double[][] probabilities = new double[n][];
        double[][] features = new double[n][];
        boolean was = classifier.isTraining();
        classifier.setTraining(false);
        try (Grad.Scope off = Grad.off()) {
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                Tensor x = images.slice(0, from, to).contiguous();
                for (int i = 0; i < layers.size() - 1; i++) {
                    x = layers.get(i).call(x);
                }
                Tensor p = layers.get(layers.size() - 1).call(x);
                if (x.rank() != 2 || p.rank() != 2) {
                    throw new IllegalArgumentException("GanQuality.classify: expected flat features and (batch, classes) "
                            + "outputs, got " + Shape.format(x.shape()) + " and " + Shape.format(p.shape()));
                }
                rows(x, features, from);
                rows(p, probabilities, from);
            }
        } finally {
            classifier.setTraining(was);
        }
        return new Outputs(probabilities, features);
    }

    private static void rows(Tensor t, double[][] out, int from) {
        float[] v = t.toArray();
        int width = t.size(1);
        for (int r = 0; r < t.size(0); r++) {
            double[] row = new double[width];
            for (int j = 0; j < width; j++) {
                row[j] = v[r * width + j];
            }
            out[from + r] = row;
        }
    }
}
