package dev.nabla.examples;

import dev.nabla.data.Dataset;
import dev.nabla.nn.Model;
import dev.nabla.train.History;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * What the training examples do once training is over: measure the test accuracy, save the model with
 * its provenance, plot the curves, load the saved file again and check that it scores the same, and
 * end with the {@code test_accuracy=<value>} line.
 */
final class TrainedModelReport {
    private TrainedModelReport() {
    }

    /**
     * @return 0 when the reloaded model scores exactly the same, 1 otherwise (the process exit code)
     */
    static int finish(Model model, Dataset test, History history, Map<String, Object> provenance, Path out,
                      String fileName, String title, int epochs, double seconds) throws IOException {
        double accuracy = model.evaluate(test).get("accuracy");
        provenance.put("train_seconds", seconds);
        provenance.put("test_accuracy", accuracy);
        Path modelFile = out.resolve(fileName);
        model.save(modelFile, provenance);
        TrainingCurves.write(history, title, out.resolve("curves.png"));
        double reloadedAccuracy = Model.load(modelFile).evaluate(test).get("accuracy");
        System.out.printf(Locale.ROOT, "trained %d epoch(s) in %.0f s; model, summary and curves in %s%n", epochs,
                seconds, out);
        System.out.printf(Locale.ROOT, "reloaded model test accuracy %.4f (%s)%n", reloadedAccuracy,
                reloadedAccuracy == accuracy ? "identical" : "DIFFERENT");
        System.out.printf(Locale.ROOT, "test_accuracy=%.4f%n", accuracy);
        return reloadedAccuracy == accuracy ? 0 : 1;
    }
}
