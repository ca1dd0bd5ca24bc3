package dev.nabla.examples;

import dev.nabla.train.History;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes the per-epoch curves of a {@link History} (loss and each metric, with validation) to a PNG. */
public final class TrainingCurves {
    private TrainingCurves() {
    }

    /** One chart per quantity ({@code loss}, {@code accuracy}, …), side by side, in one PNG file. */
    public static void write(History history, String title, Path png) throws IOException {
        List<XYChart> charts = new ArrayList<>();
        for (String name : history.names()) {
            if (name.startsWith("val_")) {
                continue;
            }
            XYChart chart = new XYChartBuilder().width(520).height(360).title(title + ": " + name)
                    .xAxisTitle("epoch").yAxisTitle(name).build();
            chart.addSeries("train", epochs(history.get(name).size()), history.get(name));
            if (!history.get("val_" + name).isEmpty()) {
                chart.addSeries("validation", epochs(history.get("val_" + name).size()), history.get("val_" + name));
            }
            charts.add(chart);
        }
        if (charts.isEmpty()) {
            throw new IllegalArgumentException("TrainingCurves: the history is empty");
        }
        String file = png.toString();
        BitmapEncoder.saveBitmap(charts, 1, charts.size(), file.endsWith(".png") ? file.substring(0, file.length() - 4)
                : file, BitmapEncoder.BitmapFormat.PNG);
    }

    private static List<Integer> epochs(int n) {
        List<Integer> xs = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            xs.add(i);
        }
        return xs;
    }
}
