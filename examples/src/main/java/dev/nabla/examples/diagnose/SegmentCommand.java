package dev.nabla.examples.diagnose;

import dev.nabla.medical.imaging.AtlasSegmentation;
import dev.nabla.medical.imaging.DataSets;
import dev.nabla.medical.imaging.ImageFiles;
import dev.nabla.medical.imaging.InVesaliusReader;
import dev.nabla.medical.imaging.Masks;
import dev.nabla.medical.imaging.Modality;
import dev.nabla.medical.imaging.NiftiReader;
import dev.nabla.medical.imaging.NiftiWriter;
import dev.nabla.medical.imaging.Overlap;
import dev.nabla.medical.imaging.Plane;
import dev.nabla.medical.imaging.Preprocessing;
import dev.nabla.medical.imaging.Threshold;
import dev.nabla.medical.imaging.Volume;
import dev.nabla.medical.imaging.Window;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Segmentation on real scans, end to end:
 * <ul>
 *   <li>{@code --method classic}: a brain mask of the Colin27 T1 MRI (Otsu, erosion, largest component,
 *       dilation, hole filling) scored with Dice against the distributed brain extraction {@code ch2bet.nii.gz},
 *       and a body mask of the InVesalius head CT; overlays and preprocessing before/after PNGs;</li>
 *   <li>{@code --method unet} (default): a 2-D U-Net trained with multi-class soft Dice on axial Colin27 slices
 *       against AAL-atlas structures merged into 4 classes; Dice per structure on held-out slices;</li>
 *   <li>{@code --method both}.</li>
 * </ul>
 * The last line is {@code dice_mean=<value>}: the mean held-out Dice over the U-Net's 4 structures, or the
 * brain-mask Dice when only the classic method runs.
 */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = "Segment real MRI/CT: classic masks and/or a U-Net on Colin27 + AAL atlas labels (Dice per structure).")
public final class SegmentCommand implements Callable<Integer> {
    /** Which segmentation to run. */
    public enum Method { CLASSIC, UNET, BOTH }

    @Option(names = "--method", description = "classic, unet or both (default: ${DEFAULT-VALUE})")
    Method method = Method.UNET;

    @Option(names = "--data", description = "folder with ch2.nii.gz, ch2bet.nii.gz, aal.nii.gz (default: the brain-mri cache)")
    Path data;

    @Option(names = "--ct", description = "InVesalius head-CT folder or .inv3 for the classic body mask (default: the head-ct cache)")
    Path ct;

    @Option(names = "--width", description = "slice width after resizing (default: ${DEFAULT-VALUE})")
    int width = 64;

    @Option(names = "--height", description = "slice height after resizing (default: ${DEFAULT-VALUE})")
    int height = 80;

    @Option(names = "--epochs", description = "default: ${DEFAULT-VALUE}")
    int epochs = 30;

    @Option(names = "--filters", description = "U-Net filters at the first level (default: ${DEFAULT-VALUE})")
    int filters = 8;

    @Option(names = "--depth", description = "U-Net poolings (default: ${DEFAULT-VALUE})")
    int depth = 3;

    @Option(names = "--batch", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch = 8;

    @Option(names = "--lr", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
    double lr = 3e-3;

    @Option(names = "--cosine", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "cosine decay of the learning rate to 0 over the run; --no-cosine keeps it constant (default: ${DEFAULT-VALUE})")
    boolean cosine = true;

    @Option(names = "--holdout-every", description = "hold out axial slice k when k %% every == offset (default: ${DEFAULT-VALUE})")
    int holdoutEvery = 5;

    @Option(names = "--holdout-offset", description = "see --holdout-every (default: ${DEFAULT-VALUE})")
    int holdoutOffset = 2;

    @Option(names = "--max-train-slices", description = "use at most this many training slices, evenly spread (quick runs)")
    int maxTrainSlices = Integer.MAX_VALUE;

    @Option(names = "--brain-radius", description = "brain-mask erosion/dilation radius in mm (default: ${DEFAULT-VALUE})")
    double brainRadius = 5;

    @Option(names = "--seed", description = "weights and shuffling (default: ${DEFAULT-VALUE})")
    long seed = 7;

    @Option(names = "--out", description = "folder for PNGs, masks and the model (default: ${DEFAULT-VALUE})")
    Path out = Path.of("build-output", "segment");

    @Override
    public Integer call() throws Exception {
        Path dir = data != null ? data : DataSets.require("brain-mri", "");
        Files.createDirectories(out);
        Volume t1 = NiftiReader.read(dir.resolve("ch2.nii.gz")).withModality(Modality.MR);
        System.out.printf(Locale.ROOT, "T1: %s (%s)%n", t1.describe(), dir.resolve("ch2.nii.gz"));
        Double brainDice = null;
        if (method != Method.UNET) {
            brainDice = classic(dir, t1);
        }
        Double unetMean = null;
        if (method != Method.CLASSIC) {
            unetMean = unet(dir, t1);
        }
        double mean = unetMean != null ? unetMean : brainDice;
        System.out.printf(Locale.ROOT, "dice_mean=%.4f%n", mean);
        return 0;
    }

    private double classic(Path dir, Volume t1) throws Exception {
        Volume bet = NiftiReader.read(dir.resolve("ch2bet.nii.gz"));
        t1.requireSameGrid(bet, "ch2bet.nii.gz against ch2.nii.gz");
        long t0 = System.nanoTime();
        Volume brain = Masks.brain(t1, brainRadius);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double dice = Overlap.dice(brain.data(), Threshold.above(bet.data(), 0));
        double otsuOnly = Overlap.dice(Threshold.above(t1.data(), Threshold.otsu(t1.data())), Threshold.above(bet.data(), 0));
        System.out.printf(Locale.ROOT, "classic brain mask (Otsu → erode %.0f mm → largest component → dilate → fill holes): "
                + "Dice vs ch2bet = %.4f (Otsu threshold alone: %.4f), %.1f s%n", brainRadius, dice, otsuOnly, seconds);
        NiftiWriter.write(brain, out.resolve("brain-mask.nii.gz"), NiftiWriter.DataType.UINT8);
        int mid = t1.sliceCount(Plane.AXIAL) / 2;
        float max = t1.max();
        ImageFiles.writeOverlay(t1.slice(Plane.AXIAL, mid), brain.slice(Plane.AXIAL, mid),
                out.resolve("brain-mask-axial.png"), max, max / 2, 0.35);
        ImageFiles.writeOverlay(t1.slice(Plane.CORONAL, t1.sliceCount(Plane.CORONAL) / 2),
                brain.slice(Plane.CORONAL, t1.sliceCount(Plane.CORONAL) / 2), out.resolve("brain-mask-coronal.png"), max, max / 2, 0.35);

        Path ctPath = ct != null ? ct : DataSets.require("head-ct", "");
        Volume head = InVesaliusReader.read(ctPath);
        Volume body = Masks.body(head);
        double ml = 0;
        for (float v : body.data()) {
            ml += v;
        }
        double[] sp = head.spacing();
        ml *= sp[0] * sp[1] * sp[2] / 1000;
        int k = head.sliceCount(Plane.AXIAL) / 2;
        System.out.printf(Locale.ROOT, "classic CT body mask (HU > −500 → opening → largest component → fill holes): %.0f ml "
                + "of %s%n", ml, head.describe());
        ImageFiles.writeOverlay(head.slice(Plane.AXIAL, k), body.slice(Plane.AXIAL, k), out.resolve("ct-body-mask.png"),
                Window.SOFT_TISSUE.width(), Window.SOFT_TISSUE.level(), 0.35);
        Preprocessing.pipeline(Preprocessing.median(1), Preprocessing.window(Window.BRAIN), Preprocessing.clahe(8, 2.0))
                .snapshots(out.resolve("ct-preprocessing")).apply(head.crop(new int[] {0, 0, k - 2}, new int[] {256, 256, k + 3}));
        System.out.println("wrote " + out.resolve("brain-mask.nii.gz") + ", overlays and " + out.resolve("ct-preprocessing"));
        return dice;
    }

    private double unet(Path dir, Volume t1) throws Exception {
        Volume aal = NiftiReader.read(dir.resolve("aal.nii.gz")).withModality(Modality.LABELS);
        AtlasSegmentation.Config c = new AtlasSegmentation.Config();
        c.width = width;
        c.height = height;
        c.epochs = epochs;
        c.baseFilters = filters;
        c.depth = depth;
        c.batchSize = batch;
        c.learningRate = lr;
        c.holdoutEvery = holdoutEvery;
        c.holdoutOffset = holdoutOffset;
        c.seed = seed;
        c.maxTrainSlices = maxTrainSlices;
        c.cosine = cosine;
        System.out.printf(Locale.ROOT, "U-Net: axial slices with AAL labels resized to %d×%d; slice k held out when "
                + "k %% %d == %d; %d filters, depth %d, %d epochs, batch %d, Adam %.0e%s, seed %d%n",
                width, height, holdoutEvery, holdoutOffset, filters, depth, epochs, batch, lr,
                cosine ? " with cosine decay" : "", seed);
        AtlasSegmentation.Result r = AtlasSegmentation.run(t1, aal, c);
        System.out.printf(Locale.ROOT, "trained on %d slices in %.0f s; evaluated on %d held-out slices (%s)%n",
                r.trainSlices(), r.trainSeconds(), r.testSlices(), java.util.Arrays.toString(r.testSliceIndex()));
        StringBuilder md = new StringBuilder("| structure | Dice (held-out slices) |\n|---|---|\n");
        for (int k = 0; k < r.dice().length; k++) {
            String name = AtlasSegmentation.CLASSES.get(k);
            System.out.printf(Locale.ROOT, "dice[%s]=%.4f%n", name, r.dice()[k]);
            md.append(String.format(Locale.ROOT, "| %s | %.3f |%n", name, r.dice()[k]));
        }
        md.append(String.format(Locale.ROOT, "| mean of the 4 structures | %.3f |%n", r.meanDiceForeground()));
        Files.writeString(out.resolve("unet-dice.md"), md.toString());
        int n = r.testSlices();
        List<Path> pngs = AtlasSegmentation.writeOverlays(r, out.resolve("unet-overlays"), 3, n / 5, n / 2, 3 * n / 4);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("task", "Colin27 T1 axial-slice segmentation of merged AAL structures");
        meta.put("classes", AtlasSegmentation.CLASSES);
        meta.put("split", "slice k held out when k % " + holdoutEvery + " == " + holdoutOffset);
        meta.put("train_slices", r.trainSlices());
        meta.put("test_slices", r.testSlices());
        List<Double> dice = new ArrayList<>();
        for (double d : r.dice()) {
            dice.add(d);
        }
        meta.put("dice_per_class", dice);
        r.model().save(out.resolve("unet-aal.nabla"), meta);
        System.out.println("wrote " + out.resolve("unet-aal.nabla") + ", " + out.resolve("unet-dice.md") + " and "
                + pngs.size() + " overlays (image | atlas | U-Net) in " + out.resolve("unet-overlays"));
        return r.meanDiceForeground();
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SegmentCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }
}
