package dev.nabla.examples;

import dev.nabla.train.History;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a GAN's losses to a PNG (XChart, as {@link TrainingCurves}): {@code d_loss} and {@code g_loss}
 * per step (moving average over 50 steps) on the left, the epoch means on the right.
 */
public final class GanCurves {
    private static final int WINDOW = 50;

    private GanCurves() {
    }

    /** {@code steps}: the trainer's per-step history; {@code epochs}: the epoch means {@code fit} returned. */
    public static void write(History steps, History epochs, String title, Path png) throws IOException {
        XYChart perStep = new XYChartBuilder().width(620).height(380).title(title + ": losses per step")
                .xAxisTitle("step").yAxisTitle("loss (moving mean of " + WINDOW + ")").build();
        XYChart perEpoch = new XYChartBuilder().width(520).height(380).title(title + ": epoch means")
                .xAxisTitle("epoch").yAxisTitle("loss").build();
        perStep.getStyler().setXAxisDecimalPattern("#");
        perEpoch.getStyler().setXAxisDecimalPattern("#");
        for (String name : List.of("d_loss", "g_loss")) {
            List<Double> v = steps.get(name);
            if (!v.isEmpty()) {
                perStep.addSeries(name, index(v.size()), smoothed(v)).setMarker(SeriesMarkers.NONE);
            }
            List<Double> e = epochs.get(name);
            if (!e.isEmpty()) {
                perEpoch.addSeries(name, index(e.size()), e);
            }
        }
        if (perStep.getSeriesMap().isEmpty()) {
            throw new IllegalArgumentException("GanCurves: no d_loss or g_loss recorded");
        }
        String file = png.toString();
        BitmapEncoder.saveBitmap(List.of(perStep, perEpoch), 1, 2,
                file.endsWith(".png") ? file.substring(0, file.length() - 4) : file, BitmapEncoder.BitmapFormat.PNG);
    }

    private static List<Double> smoothed(List<Double> v) {
        List<Double> out = new ArrayList<>(v.size());
        double sum = 0;
        for (int i = 0; i < v.size(); i++) {
            sum += v.get(i);
            if (i >= WINDOW) {
                sum -= v.get(i - WINDOW);
            }
            out.add(sum / Math.min(i + 1, WINDOW));
        }
        return out;
    }

    private static List<Integer> index(int n) {
        List<Integer> xs = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            xs.add(i);
        }
        return xs;
    }
}
