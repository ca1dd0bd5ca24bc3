package dev.nabla.medical.clinical;

import dev.nabla.medical.Png;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PNG plots of the clinical evaluation (xchart, 600×500): the ROC curve with the chance diagonal,
 * the precision–recall curve with the prevalence line, and the reliability diagram with the
 * identity line. The title may carry a note (e.g. "SIMULATED lesions") that must travel with the figure.
 */
public final class ClinicalPlots {
    private static final int WIDTH = 600;
    private static final int HEIGHT = 500;

    private ClinicalPlots() {
    }

    /** The ROC curve (FPR on x, TPR on y) with its AUC in the legend. */
    public static Path roc(RocCurve roc, String title, Path png) throws IOException {
        XYChart chart = chart(title, "1 − specificity (false-positive rate)", "sensitivity (true-positive rate)");
        line(chart, "chance", new double[] {0, 1}, new double[] {0, 1}, Color.GRAY);
        line(chart, String.format(Locale.ROOT, "ROC (AUC %.4f)", roc.auc()), roc.falsePositiveRates(),
                roc.truePositiveRates(), new Color(0, 90, 180));
        return save(chart, png);
    }

    /** Several ROC curves in one figure (e.g. one per lesion contrast). */
    public static Path rocs(List<String> names, List<RocCurve> curves, String title, Path png) throws IOException {
        XYChart chart = chart(title, "1 − specificity (false-positive rate)", "sensitivity (true-positive rate)");
        line(chart, "chance", new double[] {0, 1}, new double[] {0, 1}, Color.GRAY);
        for (int i = 0; i < curves.size(); i++) {
            line(chart, String.format(Locale.ROOT, "%s (AUC %.3f)", names.get(i), curves.get(i).auc()),
                    curves.get(i).falsePositiveRates(), curves.get(i).truePositiveRates(), null);
        }
        return save(chart, png);
    }

    /** The precision–recall curve (recall on x) with its average precision and the prevalence line. */
    public static Path precisionRecall(PrecisionRecallCurve pr, String title, Path png) throws IOException {
        XYChart chart = chart(title, "recall (sensitivity)", "precision (PPV)");
        line(chart, String.format(Locale.ROOT, "prevalence %.3f", pr.prevalence()), new double[] {0, 1},
                new double[] {pr.prevalence(), pr.prevalence()}, Color.GRAY);
        double[] r = pr.recalls();
        double[] p = pr.precisions();
        double[] x = new double[r.length + 1];
        double[] y = new double[r.length + 1];
        x[0] = 0;
        y[0] = p[0];
        System.arraycopy(r, 0, x, 1, r.length);
        System.arraycopy(p, 0, y, 1, p.length);
        line(chart, String.format(Locale.ROOT, "PR (AP %.4f)", pr.averagePrecision()), x, y, new Color(0, 90, 180));
        return save(chart, png);
    }

    /** The reliability diagram: observed fraction of positives against mean predicted probability per bin. */
    public static Path reliability(Calibration cal, String title, Path png) throws IOException {
        XYChart chart = chart(title, "mean predicted probability", "observed fraction positive");
        line(chart, "perfectly calibrated", new double[] {0, 1}, new double[] {0, 1}, Color.GRAY);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        double[] mp = cal.meanPredicted();
        double[] of = cal.observedFraction();
        for (int b = 0; b < mp.length; b++) {
            if (!Double.isNaN(mp[b])) {
                xs.add(mp[b]);
                ys.add(of[b]);
            }
        }
        XYSeries s = chart.addSeries(String.format(Locale.ROOT, "model (ECE %.4f)", cal.expectedCalibrationError()),
                xs, ys);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineColor(new Color(200, 60, 20));
        s.setMarkerColor(new Color(200, 60, 20));
        return save(chart, png);
    }

    /** A line chart of y against x for several named series (e.g. AUC against lesion contrast). */
    public static Path lines(String title, String xLabel, String yLabel, List<String> names, List<double[]> xs,
                             List<double[]> ys, Path png) throws IOException {
        XYChart chart = chart(title, xLabel, yLabel);
        chart.getStyler().setYAxisMin(null);
        chart.getStyler().setXAxisMin(null);
        chart.getStyler().setXAxisMax(null);
        for (int i = 0; i < names.size(); i++) {
            XYSeries s = chart.addSeries(names.get(i), xs.get(i), ys.get(i));
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        return save(chart, png);
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(1.0);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        return chart;
    }

    private static void line(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        if (color != null) {
            s.setLineColor(color);
        }
    }

    private static Path save(XYChart chart, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        return Png.write(BitmapEncoder.getBufferedImage(chart), png);
    }
}
