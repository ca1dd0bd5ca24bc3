package dev.nabla.medical.imaging;

/**
 * Histogram equalisation and CLAHE; both return values in [0, 1].
 * <ul>
 *   <li>Equalisation: {@code B} bins over [min, max] (value v falls in bin {@code min(B−1, ⌊(v − min)/(max −
 *       min) · B⌋)}), cumulative counts {@code cdf}; {@code v → (cdf(b) − cdf_min) / (N − cdf_min)} with
 *       {@code cdf_min} the count of the first non-empty bin (the classic formula; OpenCV's equalizeHist).</li>
 *   <li>CLAHE, contrast-limited adaptive equalisation (Zuiderveld, "Contrast Limited Adaptive Histogram
 *       Equalization", Graphics Gems IV, 1994): the image is cut into a grid of tiles; each tile's histogram
 *       is clipped at {@code L = clipLimit · n / B} counts (n pixels in the tile; clipLimit is a multiple of the
 *       mean bin count, as OpenCV's {@code clipLimit}), the clipped excess spread evenly over all bins, and its
 *       mapping is {@code m(b) = Σ_{b' ≤ b} h'(b') / n}. Each pixel's value is the bilinear blend of the
 *       mappings of the four tiles whose centres surround it (the nearest tiles at the borders). A larger
 *       clip limit allows more contrast; {@code clipLimit ≤ 1} flattens every tile towards identity.</li>
 * </ul>
 */
public final class Histograms {
    private Histograms() {
    }

    /** Global histogram equalisation with {@code bins} bins. */
    public static float[] equalize(float[] v, int bins) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        int[] bin = binIndex(v, min, max, bins);
        long[] cdf = new long[bins];
        for (int b : bin) {
            cdf[b]++;
        }
        for (int b = 1; b < bins; b++) {
            cdf[b] += cdf[b - 1];
        }
        long cdfMin = 0;
        for (int b = 0; b < bins; b++) {
            if (cdf[b] > 0) {
                cdfMin = cdf[b];
                break;
            }
        }
        long n = v.length;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = n == cdfMin ? 0f : (float) ((double) (cdf[bin[i]] - cdfMin) / (n - cdfMin));
        }
        return out;
    }

    private static int[] binIndex(float[] v, float min, float max, int bins) {
        if (bins < 2) {
            throw new IllegalArgumentException("histogram: need at least 2 bins, got " + bins);
        }
        int[] out = new int[v.length];
        double range = max - min;
        for (int i = 0; i < v.length; i++) {
            out[i] = range > 0 ? (int) Math.min(bins - 1, Math.floor((v[i] - min) / range * bins)) : 0;
        }
        return out;
    }

    /** CLAHE of an image; see the class comment. */
    public static Image2D clahe(Image2D img, int tilesX, int tilesY, double clipLimit, int bins) {
        int w = img.width();
        int h = img.height();
        if (tilesX < 1 || tilesY < 1 || tilesX > w || tilesY > h) {
            throw new IllegalArgumentException("clahe: tile grid " + tilesX + "×" + tilesY + " does not fit a " + w + "×"
                    + h + " image");
        }
        if (!(clipLimit > 0)) {
            throw new IllegalArgumentException("clahe: clip limit must be positive, got " + clipLimit);
        }
        float[] v = img.data();
        float min = img.min();
        float max = img.max();
        int[] bin = binIndex(v, min, max, bins);
        float[][] maps = new float[tilesX * tilesY][];
        for (int ty = 0; ty < tilesY; ty++) {
            int y0 = ty * h / tilesY;
            int y1 = (ty + 1) * h / tilesY;
            for (int tx = 0; tx < tilesX; tx++) {
                int x0 = tx * w / tilesX;
                int x1 = (tx + 1) * w / tilesX;
                double[] hist = new double[bins];
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        hist[bin[y * w + x]]++;
                    }
                }
                maps[ty * tilesX + tx] = tileMap(hist, (y1 - y0) * (x1 - x0), clipLimit);
            }
        }
        float[] out = new float[w * h];
        double tw = (double) w / tilesX;
        double th = (double) h / tilesY;
        for (int y = 0; y < h; y++) {
            double gy = (y + 0.5) / th - 0.5;
            int ya = (int) Math.floor(gy);
            double fy = gy - ya;
            int yb = Math.min(tilesY - 1, ya + 1);
            if (ya < 0) {
                ya = 0;
                fy = 0;
            }
            if (ya >= tilesY - 1) {
                ya = tilesY - 1;
                yb = ya;
                fy = 0;
            }
            for (int x = 0; x < w; x++) {
                double gx = (x + 0.5) / tw - 0.5;
                int xa = (int) Math.floor(gx);
                double fx = gx - xa;
                int xb = Math.min(tilesX - 1, xa + 1);
                if (xa < 0) {
                    xa = 0;
                    fx = 0;
                }
                if (xa >= tilesX - 1) {
                    xa = tilesX - 1;
                    xb = xa;
                    fx = 0;
                }
                int b = bin[y * w + x];
                double top = maps[ya * tilesX + xa][b] * (1 - fx) + maps[ya * tilesX + xb][b] * fx;
                double bottom = maps[yb * tilesX + xa][b] * (1 - fx) + maps[yb * tilesX + xb][b] * fx;
                out[y * w + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return img.withData(out);
    }

    /** The clipped, redistributed, normalised cumulative histogram of one tile. */
    static float[] tileMap(double[] hist, int n, double clipLimit) {
        int bins = hist.length;
        double limit = clipLimit * n / bins;
        double excess = 0;
        for (int b = 0; b < bins; b++) {
            if (hist[b] > limit) {
                excess += hist[b] - limit;
                hist[b] = limit;
            }
        }
        double add = excess / bins;
        float[] map = new float[bins];
        double c = 0;
        for (int b = 0; b < bins; b++) {
            c += hist[b] + add;
            map[b] = (float) Math.min(1.0, c / n);
        }
        return map;
    }
}
