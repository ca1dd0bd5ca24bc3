package dev.nabla.medical.diagnosis;

import dev.nabla.medical.provenance.Provenance;
import dev.nabla.medical.imaging.DicomReader;
import dev.nabla.medical.imaging.Image2D;
import dev.nabla.medical.imaging.ImageFiles;
import dev.nabla.medical.imaging.ImagingException;
import dev.nabla.medical.imaging.Resample;
import dev.nabla.medical.imaging.Volume;
import dev.nabla.medical.imaging.Window;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A user's own labelled 2-D images laid out as one sub-folder per class ({@code DIR/normal/*.png},
 * {@code DIR/abnormal/*.dcm}, …): binary classification, the positive class named by the caller.
 * <p>
 * Each image is read as grey levels (PNG/JPEG through {@link ImageFiles}; single-slice DICOM through
 * {@link DicomReader}, in Hounsfield units when the file has a rescale), mapped to [0, 1] — DICOM through the
 * {@link Window} when one is given, otherwise (and always for PNG/JPEG) by the image's own min–max
 * {@code (v − min) / (max − min)} — and area-resampled to {@code size × size}. Hidden files (name starting with
 * {@code .}) are ignored; any other file that is not {@code .png/.jpg/.jpeg/.dcm} or cannot be read is an error
 * naming it, unless {@code skipBad}, in which case it is counted and listed in {@link #skipped()}.
 */
public final class ImageFolder {
    /** The extensions read, lower case. */
    public static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".dcm");

    /** One image: its file, class index (1 = positive) and the preprocessed {@code size × size} pixels. */
    public record Item(Path file, int label, float[][] image) {
    }

    /** A seeded stratified split into train, validation and test items. */
    public record Split(List<Item> train, List<Item> validation, List<Item> test) {
    }

    private final Path root;
    private final List<String> classes;
    private final int positive;
    private final List<Item> items;
    private final List<String> skipped;
    private final String sha256;

    private ImageFolder(Path root, List<String> classes, int positive, List<Item> items, List<String> skipped,
                        String sha256) {
        this.root = root;
        this.classes = classes;
        this.positive = positive;
        this.items = items;
        this.skipped = skipped;
        this.sha256 = sha256;
    }

    /**
     * Reads {@code root}.
     *
     * @param positiveClass name of the positive class folder; null = the second folder in sorted order
     * @param window        display window for DICOM files (null = min–max per image)
     * @param size          side of the square network input, pixels
     * @param skipBad       count and list unreadable files instead of failing
     * @throws IOException naming the folder or file on an empty folder, not exactly two classes, an empty class,
     *                     an unknown positive class, or (without {@code skipBad}) an unreadable file
     */
    public static ImageFolder read(Path root, String positiveClass, Window window, int size, boolean skipBad)
            throws IOException {
        if (!Files.isDirectory(root)) {
            throw new ImagingException(root, "not a folder; expected one sub-folder per class (e.g. normal/, abnormal/)");
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
        if (dirs.size() != 2) {
            throw new ImagingException(root, "expected exactly 2 class sub-folders (binary classification, e.g. normal/ "
                    + "and abnormal/), found " + dirs.size() + " " + dirs.stream().map(d -> d.getFileName().toString())
                    .toList());
        }
        List<String> names = dirs.stream().map(d -> d.getFileName().toString()).toList();
        int pos = positiveClass == null ? 1 : names.indexOf(positiveClass);
        if (pos < 0) {
            throw new ImagingException(root, "--positive '" + positiveClass + "' is not one of the class folders " + names);
        }
        List<String> classes = List.of(names.get(1 - pos), names.get(pos)); // index 0 negative, 1 positive
        List<Item> items = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        MessageDigest md = newDigest();
        for (int label = 0; label < 2; label++) {
            Path dir = root.resolve(classes.get(label));
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
            }
            int before = items.size();
            for (Path f : files) {
                try {
                    if (Files.isDirectory(f)) {
                        throw new ImagingException(f, "a folder inside a class folder; expected image files only");
                    }
                    items.add(new Item(f, label, load(f, window, size)));
                    md.update((classes.get(label) + "/" + f.getFileName() + " " + Provenance.sha256(f) + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    IOException named = e instanceof ImagingException ie && f.equals(ie.file()) ? e
                            : new ImagingException(f, e.getMessage(), e);
                    if (!skipBad) {
                        throw named;
                    }
                    skipped.add(named.getMessage());
                }
            }
            if (items.size() == before) {
                throw new ImagingException(dir, "class folder has no readable images (expected "
                        + String.join("/", EXTENSIONS) + " files)");
            }
        }
        return new ImageFolder(root, classes, pos, items, List.copyOf(skipped), HexFormat.of().formatHex(md.digest()));
    }

    /**
     * One file preprocessed like the training images: grey levels, window (DICOM) or min–max to [0, 1], area
     * resampling to {@code size × size}; rows are image rows.
     */
    public static float[][] load(Path file, Window window, int size) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.')) : "";
        if (!EXTENSIONS.contains(ext)) {
            throw new ImagingException(file, "unsupported file type '" + ext + "'; expected " + String.join(", ", EXTENSIONS));
        }
        Image2D img;
        boolean dicom = ext.equals(".dcm");
        if (dicom) {
            Volume v = DicomReader.readFile(file);
            if (v.nz() != 1) {
                throw new ImagingException(file, "expected a single-slice 2-D DICOM image, got " + v.nz() + " slices");
            }
            img = new Image2D(v.data().clone(), v.nx(), v.ny());
        } else {
            img = ImageFiles.read(file);
        }
        float[] d = img.data();
        if (dicom && window != null) {
            window.apply(d, d);
        } else {
            float min = img.min();
            float max = img.max();
            float range = max - min;
            for (int i = 0; i < d.length; i++) {
                d[i] = range > 0 ? (d[i] - min) / range : 0f;
            }
        }
        Image2D r = Resample.resize(img, size, size, Resample.Interpolation.AREA);
        float[][] out = new float[size][size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                out[y][x] = r.get(x, y);
            }
        }
        return out;
    }

    /**
     * A stratified split: within each class the items are shuffled with {@code seed}, then
     * {@code round(validation · n)} (at least 1) go to validation, {@code round(test · n)} (at least 1) to test and
     * the rest (at least 1) to training.
     *
     * @throws IllegalArgumentException when a class has fewer than 3 images
     */
    public Split split(double validation, double test, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Item> tr = new ArrayList<>();
        List<Item> va = new ArrayList<>();
        List<Item> te = new ArrayList<>();
        for (int label = 0; label < 2; label++) {
            final int l = label;
            List<Item> c = new ArrayList<>(items.stream().filter(i -> i.label() == l).toList());
            if (c.size() < 3) {
                throw new IllegalArgumentException(root.resolve(classes.get(label)) + ": class '" + classes.get(label)
                        + "' has " + c.size() + " image(s); need at least 3 (one each for train, validation and test)");
            }
            for (int i = c.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                Item t = c.get(i);
                c.set(i, c.get(j));
                c.set(j, t);
            }
            int nv = Math.max(1, (int) Math.round(validation * c.size()));
            int nt = Math.max(1, (int) Math.round(test * c.size()));
            if (nv + nt >= c.size()) {
                nv = 1;
                nt = 1;
            }
            va.addAll(c.subList(0, nv));
            te.addAll(c.subList(nv, nv + nt));
            tr.addAll(c.subList(nv + nt, c.size()));
        }
        return new Split(tr, va, te);
    }

    /** The items as lesion-detection samples (modality "image"), so the seed-CNN helpers apply. */
    public static List<LesionDetection.Sample> samples(List<Item> items) {
        List<LesionDetection.Sample> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(new LesionDetection.Sample(items.get(i).image(), items.get(i).label(), "image", i, null, null, -1, -1));
        }
        return out;
    }

    /** The folder read. */
    public Path root() {
        return root;
    }

    /** Class names: index 0 the negative class, index 1 the positive one. */
    public List<String> classes() {
        return classes;
    }

    /** Index of the positive class in the sorted folder names (0 or 1). */
    public int positiveSortedIndex() {
        return positive;
    }

    /** Every readable image. */
    public List<Item> items() {
        return items;
    }

    /** Unreadable files skipped with {@code skipBad}: {@code "path: problem"}. */
    public List<String> skipped() {
        return skipped;
    }

    /** SHA-256 over the sorted lines {@code class/file sha256(file)} of the images read. */
    public String sha256() {
        return sha256;
    }

    /** Number of images of class {@code label}. */
    public long count(int label) {
        return items.stream().filter(i -> i.label() == label).count();
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
