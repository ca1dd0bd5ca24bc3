package dev.nabla.examples;

import dev.nabla.medical.surgery.Gesture;
import dev.nabla.medical.surgery.Kinematics;
import dev.nabla.medical.surgery.TipPredictor;
import dev.nabla.medical.surgery.Trial;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PNG plots of the {@code surgery} commands (issue 9 front end).
 * <ul>
 *   <li>{@link #timeline}: a gesture timeline of one trial — the true gestures in the upper band, the predicted
 *   ones in the lower band, time in seconds on the x axis, one fixed colour per gesture G1–G15 ({@link #color}),
 *   unlabelled frames light grey, optional alert ticks in a strip below; plain Java2D. Frame {@code f} of a trial of
 *   {@code n} frames covers the pixel columns from {@code LEFT + f·PLOT_WIDTH/n} to {@code LEFT + (f+1)·PLOT_WIDTH/n}.</li>
 *   <li>{@link #writeTrajectory}: the path of one slave tool tip projected on x–y in mm, with the positions
 *   predicted for those frames by one or more {@link TipPredictor}s (LSTM forecaster, constant velocity); XChart.</li>
 * </ul>
 * Titles say {@code SIMULATED} when the trial is simulated.
 */
public final class SurgeryPlots {
    /** Image width of a timeline, pixels. */
    public static final int WIDTH = 1000;
    /** Image height of a timeline, pixels (title, two bands, alert strip, axis, two legend rows). */
    public static final int HEIGHT = 260;
    /** Left edge of the plotting area (band labels to its left). */
    public static final int LEFT = 100;
    /** Width of the plotting area: the whole trial. */
    public static final int PLOT_WIDTH = 880;
    /** Top of the true-gesture band. */
    public static final int TRUE_TOP = 40;
    /** Top of the predicted-gesture band. */
    public static final int PREDICTED_TOP = 90;
    /** Height of each band. */
    public static final int BAND_HEIGHT = 40;
    /** Top of the alert strip. */
    public static final int ALERT_TOP = 135;
    /** Height of the alert strip. */
    public static final int ALERT_HEIGHT = 12;
    /** Colour of unlabelled frames. */
    public static final Color UNLABELLED = new Color(225, 225, 225);

    /** G1–G15: Tableau 10 followed by five darker tones, so that neighbouring gestures differ. */
    private static final Color[] PALETTE = {
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
            new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
            new Color(0x393b79), new Color(0x637939), new Color(0x8c6d31), new Color(0x843c39), new Color(0x7b4173)};

    private SurgeryPlots() {
    }

    /** The colour of gesture index {@code g} (0 = G1), or {@link #UNLABELLED} for a negative index. */
    public static Color color(int g) {
        if (g < 0) {
            return UNLABELLED;
        }
        if (g >= Gesture.COUNT) {
            throw new IllegalArgumentException("gesture index " + g + " outside 0.." + (Gesture.COUNT - 1));
        }
        return PALETTE[g];
    }

    /** The default title: trial, skill, SIMULATED or recorded, and what the lower band shows. */
    public static String title(Trial trial, String predictedBy) {
        return String.format(Locale.ROOT, "%s %s (%s, user %s): gestures, true (top) vs %s (bottom)", trial.simulated() ? "SIMULATED" : "recorded",
                trial.name(), trial.skill(), trial.user(), predictedBy);
    }

    /**
     * Draws the timeline of {@code trial}: true labels above, {@code predicted} (one gesture index per frame, negative =
     * none) below, a red tick at each frame of {@code alertFrames} (may be empty).
     */
    public static BufferedImage timeline(Trial trial, int[] predicted, String title, List<Integer> alertFrames) {
        int n = trial.frames();
        if (predicted.length != n) {
            throw new IllegalArgumentException("timeline of " + trial.name() + ": " + predicted.length
                    + " predicted labels for " + n + " frames");
        }
        if (n == 0) {
            throw new IllegalArgumentException("timeline of " + trial.name() + ": the trial has no frames");
        }
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(title, LEFT, 24);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            band(g, trial.labels(), TRUE_TOP);
            band(g, predicted, PREDICTED_TOP);
            g.setColor(Color.BLACK);
            g.drawString("true", 10, TRUE_TOP + BAND_HEIGHT / 2 + 5);
            g.drawString("predicted", 10, PREDICTED_TOP + BAND_HEIGHT / 2 + 5);
            g.drawString("alerts", 10, ALERT_TOP + ALERT_HEIGHT - 1);
            g.setColor(Color.RED);
            for (int f : alertFrames) {
                int x = x(f, n);
                g.fillRect(x, ALERT_TOP, 2, ALERT_HEIGHT);
            }
            // time axis: a tick every 10 s (every 1 s for trials under 20 s), labelled in seconds
            int axis = ALERT_TOP + ALERT_HEIGHT + 6;
            g.setColor(Color.BLACK);
            g.drawLine(LEFT, axis, LEFT + PLOT_WIDTH, axis);
            double seconds = n / Kinematics.HZ;
            int step = seconds < 20 ? 1 : seconds < 200 ? 10 : 60;
            for (int s = 0; s <= seconds; s += step) {
                int x = x((int) Math.round(s * Kinematics.HZ), n);
                g.drawLine(x, axis, x, axis + 4);
                String label = Integer.toString(s);
                g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, axis + 17);
            }
            g.drawString("s", LEFT + PLOT_WIDTH + 6, axis + 17);
            legend(g, trial.labels(), predicted, axis + 26);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Writes {@link #timeline} to {@code png} (a temporary file renamed into place) and returns the path. */
    public static Path writeTimeline(Trial trial, int[] predicted, String title, List<Integer> alertFrames, Path png)
            throws IOException {
        BufferedImage image = timeline(trial, predicted, title, alertFrames);
        Path dir = png.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, png.getFileName().toString(), ".tmp");
        try {
            if (!ImageIO.write(image, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available for " + png);
            }
            Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return png;
    }

    /** Left pixel column of frame {@code f} of {@code n}. */
    static int x(int f, int n) {
        return LEFT + (int) Math.round((double) f * PLOT_WIDTH / n);
    }

    private static void band(Graphics2D g, int[] labels, int top) {
        int n = labels.length;
        int start = 0;
        for (int f = 1; f <= n; f++) {
            if (f == n || labels[f] != labels[start]) {
                g.setColor(color(labels[start]));
                int x0 = x(start, n);
                g.fillRect(x0, top, x(f, n) - x0, BAND_HEIGHT);
                start = f;
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawRect(LEFT - 1, top - 1, PLOT_WIDTH + 1, BAND_HEIGHT + 1);
    }

    /** A swatch and name for every gesture that occurs in either band (and for unlabelled frames), 8 per row. */
    private static void legend(Graphics2D g, int[] truth, int[] predicted, int top) {
        boolean[] seen = new boolean[Gesture.COUNT];
        boolean unlabelled = false;
        for (int[] labels : List.of(truth, predicted)) {
            for (int l : labels) {
                if (l >= 0) {
                    seen[l] = true;
                } else {
                    unlabelled = true;
                }
            }
        }
        int i = 0;
        for (int k = 0; k < Gesture.COUNT; k++) {
            if (!seen[k]) {
                continue;
            }
            int x = LEFT + (i % 8) * 110;
            int y = top + (i / 8) * 20;
            g.setColor(color(k));
            g.fillRect(x, y, 14, 12);
            g.setColor(Color.BLACK);
            g.drawString(Gesture.ofIndex(k).name(), x + 18, y + 11);
            i++;
        }
        if (unlabelled) {
            int x = LEFT + (i % 8) * 110;
            int y = top + (i / 8) * 20;
            g.setColor(UNLABELLED);
            g.fillRect(x, y, 14, 12);
            g.setColor(Color.BLACK);
            g.drawRect(x, y, 14, 12);
            g.drawString("no gesture", x + 18, y + 11);
        }
    }

    /** The positions predicted for frames {@code [from, to)} of one tip, in mm: {@code {x[], y[]}}, by target frame. */
    static double[][] predictedPath(Trial trial, TipPredictor predictor, int arm, int from, int to) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        predictor.reset();
        // the predictor must see the trial from its start (the LSTM keeps a state); only targets in range are kept
        for (int f = 0; f + predictor.lead() < Math.min(to, trial.frames()); f += predictor.stride()) {
            double[] p = predictor.step(trial.kinematics()[f]);
            if (f + predictor.lead() >= from) {
                xs.add(p[arm * 3] * 1000);
                ys.add(p[arm * 3 + 1] * 1000);
            }
        }
        return new double[][] {xs.stream().mapToDouble(Double::doubleValue).toArray(),
                ys.stream().mapToDouble(Double::doubleValue).toArray()};
    }

    /**
     * Writes the x–y path (mm) of the slave tip {@code arm} (0 left, 1 right) over frames {@code [from, to)}, with the
     * positions each predictor forecast for those frames as markers, to {@code png} (XChart, 800 × 600).
     */
    public static Path writeTrajectory(Trial trial, int arm, int from, int to, Map<String, TipPredictor> predictors,
                                       Path png) throws IOException {
        if (arm < 0 || arm > 1) {
            throw new IllegalArgumentException("trajectory: arm must be 0 (left) or 1 (right), got " + arm);
        }
        to = Math.min(to, trial.frames());
        if (from < 0 || to - from < 2) {
            throw new IllegalArgumentException("trajectory of " + trial.name() + ": frames [" + from + ", " + to
                    + ") of " + trial.frames() + " leave fewer than 2 frames");
        }
        int c = TipPredictor.TIPS[arm];
        double[] tx = new double[to - from];
        double[] ty = new double[to - from];
        for (int f = from; f < to; f++) {
            tx[f - from] = trial.kinematics()[f][c] * 1000.0;
            ty[f - from] = trial.kinematics()[f][c + 1] * 1000.0;
        }
        String title = String.format(Locale.ROOT, "%s %s, %s slave tip, %.1f–%.1f s", trial.simulated() ? "SIMULATED" : "recorded",
                trial.name(), arm == 0 ? "left" : "right", from / Kinematics.HZ, to / Kinematics.HZ);
        XYChart chart = new XYChartBuilder().width(800).height(600).title(title).xAxisTitle("x (mm)").yAxisTitle("y (mm)").build();
        XYSeries truth = chart.addSeries("true path", tx, ty);
        truth.setMarker(SeriesMarkers.NONE);
        truth.setLineColor(Color.BLACK);
        for (Map.Entry<String, TipPredictor> e : new LinkedHashMap<>(predictors).entrySet()) {
            double[][] p = predictedPath(trial, e.getValue(), arm, from, to);
            if (p[0].length == 0) {
                continue;
            }
            XYSeries s = chart.addSeries(String.format(Locale.ROOT, "%s (%.0f ms ahead)", e.getKey(),
                    e.getValue().lead() * 1000 / Kinematics.HZ), p[0], p[1]);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        String file = png.toString();
        BitmapEncoder.saveBitmap(chart, file.endsWith(".png") ? file.substring(0, file.length() - 4) : file,
                BitmapEncoder.BitmapFormat.PNG);
        return png;
    }
}
