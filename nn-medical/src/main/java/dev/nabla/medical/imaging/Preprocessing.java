package dev.nabla.medical.imaging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Preprocessing ("image enhancement") steps and pipelines:
 * <pre>{@code
 * Step prep = Preprocessing.pipeline(
 *         Preprocessing.resample(1, 1, 1),
 *         Preprocessing.median(1),
 *         Preprocessing.window(Window.BRAIN))
 *     .snapshots(Path.of("out/prep"));          // 01-resample….png, 02-median….png, 03-window….png
 * Volume ready = prep.apply(ct);
 * }</pre>
 * Each factory returns a {@link Step}; the arithmetic lives in {@link Window}, {@link Intensity},
 * {@link Resample}, {@link Filters} and {@link Histograms}. Equalisation and CLAHE work slice by slice in the
 * axial plane.
 */
public final class Preprocessing {
    private Preprocessing() {
    }

    /** A step from a name and a voxel-array function (same geometry). */
    public static Step of(String name, UnaryOperator<float[]> f) {
        return new Step() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Volume apply(Volume v) {
                return v.withData(f.apply(v.data()));
            }
        };
    }

    /** A step from a name and a volume function. */
    public static Step ofVolume(String name, UnaryOperator<Volume> f) {
        return new Step() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Volume apply(Volume v) {
                return f.apply(v);
            }
        };
    }

    /** CT windowing into [0, 1] ({@link Window#map}). */
    public static Step window(Window w) {
        return of(String.format(Locale.ROOT, "window(W%.0f L%.0f)", w.width(), w.level()), d -> {
            float[] out = new float[d.length];
            w.apply(d, out);
            return out;
        });
    }

    /** z-score over all voxels. */
    public static Step zScore() {
        return of("zscore", Intensity::zScore);
    }

    /** Clamp to the {@code lo}-th..{@code hi}-th percentiles. */
    public static Step percentileClip(double lo, double hi) {
        return of(String.format(Locale.ROOT, "clip(p%.1f-p%.1f)", lo, hi), d -> Intensity.percentileClip(d, lo, hi));
    }

    /** Min–max to [0, 1]. */
    public static Step minMax() {
        return of("minmax", Intensity::minMax);
    }

    /** Resampling to a target spacing (mm); nearest neighbour for label maps, trilinear otherwise. */
    public static Step resample(double sx, double sy, double sz) {
        return ofVolume(String.format(Locale.ROOT, "resample(%.2fx%.2fx%.2f)", sx, sy, sz),
                v -> Resample.toSpacing(v, sx, sy, sz));
    }

    /** Gaussian smoothing, σ in mm. */
    public static Step gaussian(double sigmaMm) {
        return ofVolume(String.format(Locale.ROOT, "gaussian(%.2fmm)", sigmaMm), v -> Filters.gaussian(v, sigmaMm));
    }

    /** Median filter over a {@code (2r+1)³} neighbourhood ({@code (2r+1)²} for one slice). */
    public static Step median(int radius) {
        return ofVolume("median(r" + radius + ")", v -> Filters.median(v, radius, false));
    }

    /** Histogram equalisation (256 bins) of each axial slice. */
    public static Step equalize() {
        return ofVolume("equalize", v -> perAxialSlice(v, img -> img.withData(Histograms.equalize(img.data(), 256))));
    }

    /** CLAHE of each axial slice with a {@code tiles × tiles} grid, the clip limit and 256 bins. */
    public static Step clahe(int tiles, double clipLimit) {
        return ofVolume(String.format(Locale.ROOT, "clahe(%dx%d clip%.1f)", tiles, tiles, clipLimit),
                v -> perAxialSlice(v, img -> Histograms.clahe(img, tiles, tiles, clipLimit, 256)));
    }

    /** Applies an image function to every axial slice of a copy of {@code v}. */
    public static Volume perAxialSlice(Volume v, UnaryOperator<Image2D> f) {
        Volume out = v.copy();
        for (int s = 0; s < v.sliceCount(Plane.AXIAL); s++) {
            out.putSlice(Plane.AXIAL, s, f.apply(v.slice(Plane.AXIAL, s)));
        }
        return out;
    }

    /** The steps in order, as one step. */
    public static Pipeline pipeline(Step... steps) {
        return new Pipeline(List.of(steps), null);
    }

    /** A chain of steps; optionally writes a before/after PNG per step. */
    public static final class Pipeline implements Step {
        private final List<Step> steps;
        private final Path snapshotDir;

        Pipeline(List<Step> steps, Path snapshotDir) {
            this.steps = List.copyOf(steps);
            this.snapshotDir = snapshotDir;
        }

        /** The same pipeline writing {@code dir/NN-<step name>.png} (middle axial slice, before | after) per step. */
        public Pipeline snapshots(Path dir) {
            return new Pipeline(steps, dir);
        }

        /** The steps. */
        public List<Step> steps() {
            return steps;
        }

        @Override
        public String name() {
            List<String> names = new ArrayList<>();
            for (Step s : steps) {
                names.add(s.name());
            }
            return String.join(" → ", names);
        }

        @Override
        public Volume apply(Volume v) {
            Volume cur = v;
            int i = 1;
            for (Step s : steps) {
                if (snapshotDir != null) {
                    String file = String.format(Locale.ROOT, "%02d-%s.png", i++, s.name().replaceAll("[^A-Za-z0-9.-]+", "_"));
                    cur = s.apply(cur, snapshotDir.resolve(file));
                } else {
                    cur = s.apply(cur);
                }
            }
            return cur;
        }
    }
}
