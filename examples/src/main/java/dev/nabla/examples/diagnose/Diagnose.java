package dev.nabla.examples.diagnose;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * {@code ./nabla diagnose}: diagnosis on real data (issue 8).
 * <pre>
 *   train     --task wdbc: stratified 10-fold CV of the MLP on WDBC + a final model on all cases
 *             --task lesion: the seed CNN on real MRI/CT slices with SIMULATED lesions
 *             --task images --data DIR: the seed CNN on your own images, one sub-folder per class (ImagesTask)
 *   evaluate  metrics with 95 % CIs and ROC/PR/calibration PNGs (a task, or any score,label CSV)
 *   explain   heat maps (saliency, Grad-CAM, occlusion) and a per-case Markdown report
 *   demo-folder  a normal/ lesion/ PNG folder of real slices with SIMULATED lesions, to try --task images
 *   segment   the imaging module's segmentation (classic masks, U-Net on Colin27 + AAL), see SegmentCommand
 * </pre>
 * Nothing here is for clinical use.
 */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = "Diagnosis on real data: WDBC tabular diagnosis, lesion detection on real anatomy with SIMULATED "
                + "lesions, clinical metrics with CIs, explanations and case reports. Not for clinical use.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, ExplainCommand.class})
public final class Diagnose implements Callable<Integer> {
    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** The command line with every sub-command registered. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Diagnose()).setCaseInsensitiveEnumValuesAllowed(true);
        // ── segment plugs in here: the imaging module's segmentation command (also ./nabla segment) ──
        cl.addSubcommand("segment", new SegmentCommand());
        cl.addSubcommand("demo-folder", new DemoFolderCommand());
        return cl;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }
}
