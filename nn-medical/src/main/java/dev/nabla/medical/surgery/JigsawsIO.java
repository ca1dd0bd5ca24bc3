package dev.nabla.medical.surgery;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes one task of the JIGSAWS layout:
 * <pre>
 *   root/meta_file_&lt;Task&gt;.txt              one line per trial: name  skill(N/I/E)  GRS  [item scores…]
 *   root/kinematics/AllGestures/&lt;name&gt;.txt   one line per frame: 76 whitespace-separated numbers
 *   root/transcriptions/&lt;name&gt;.txt          one line per gesture: start end G#   (1-based frames, inclusive)
 *   root/SIMULATED.txt                        present when the data came from {@link SurgerySimulator}
 * </pre>
 * Trial names are {@code <Task>_<user><3 digits>}, e.g. {@code Suturing_B001}. A trial without a
 * transcription file is read with every frame {@link Trial#UNLABELLED}. Malformed input raises a
 * {@link JigsawsFormatException} naming the file and line. Files are written to a temporary file and
 * renamed.
 */
public final class JigsawsIO {
    /** Name of the marker file of simulated data. */
    public static final String SIMULATED_MARKER = "SIMULATED.txt";

    private static final Pattern NAME = Pattern.compile("(.+)_([A-Za-z]+)(\\d{3})");

    private JigsawsIO() {
    }

    /** Writes {@code trials} of {@code task} (e.g. {@code "Suturing"}) under {@code root}. */
    public static void write(Path root, String task, List<Trial> trials) throws IOException {
        Path kin = root.resolve("kinematics").resolve("AllGestures");
        Path tra = root.resolve("transcriptions");
        Files.createDirectories(kin);
        Files.createDirectories(tra);
        StringBuilder meta = new StringBuilder();
        boolean simulated = false;
        for (Trial trial : trials) {
            simulated |= trial.simulated();
            writeAtomically(kin.resolve(trial.name() + ".txt"), out -> {
                for (float[] frame : trial.kinematics()) {
                    StringBuilder line = new StringBuilder(76 * 14);
                    for (int c = 0; c < frame.length; c++) {
                        line.append(c == 0 ? "" : " ").append(frame[c]);
                    }
                    out.write(line.append('\n').toString());
                }
            });
            writeAtomically(tra.resolve(trial.name() + ".txt"), out -> {
                for (Segment s : trial.segments()) {
                    out.write((s.start() + 1) + " " + (s.end() + 1) + " " + Gesture.ofIndex(s.label()) + "\n");
                }
            });
            meta.append(trial.name()).append('\t').append(trial.skill().code()).append('\t').append(trial.grs()).append('\n');
        }
        writeAtomically(root.resolve("meta_file_" + task + ".txt"), out -> out.write(meta.toString()));
        if (simulated) {
            writeAtomically(root.resolve(SIMULATED_MARKER), out -> out.write(
                    "SIMULATED data: made by dev.nabla.medical.surgery.SurgerySimulator, not recorded from surgeons.\n"
                            + "Layout of JIGSAWS (Gao et al. 2014); values are not real kinematics.\n"));
        }
    }

    /** Reads every trial listed in {@code root/meta_file_<task>.txt}, in the file's order. */
    public static List<Trial> read(Path root, String task) throws IOException {
        Path metaFile = root.resolve("meta_file_" + task + ".txt");
        if (!Files.isRegularFile(metaFile)) {
            throw new JigsawsFormatException(metaFile, 0, "meta file not found (expected the JIGSAWS layout under " + root + ")");
        }
        boolean simulated = Files.exists(root.resolve(SIMULATED_MARKER));
        List<Trial> trials = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(metaFile, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length < 3) {
                throw new JigsawsFormatException(metaFile, i + 1, "expected 'trial_name skill(N/I/E) GRS …', got '" + line + "'");
            }
            if (seen.put(f[0], i + 1) != null) {
                throw new JigsawsFormatException(metaFile, i + 1, "trial " + f[0] + " listed twice");
            }
            Matcher m = NAME.matcher(f[0]);
            if (!m.matches()) {
                throw new JigsawsFormatException(metaFile, i + 1, "trial name '" + f[0] + "' is not <Task>_<user><3 digits>");
            }
            Skill skill;
            int grs;
            try {
                skill = Skill.parse(f[1]);
            } catch (IllegalArgumentException e) {
                throw new JigsawsFormatException(metaFile, i + 1, e.getMessage());
            }
            try {
                grs = Integer.parseInt(f[2]);
            } catch (NumberFormatException e) {
                throw new JigsawsFormatException(metaFile, i + 1, "GRS must be an integer, got '" + f[2] + "'");
            }
            Path kin = root.resolve("kinematics").resolve("AllGestures").resolve(f[0] + ".txt");
            float[][] frames = readKinematics(kin);
            Path tra = root.resolve("transcriptions").resolve(f[0] + ".txt");
            int[] labels = Files.exists(tra) ? readTranscription(tra, frames.length) : unlabelled(frames.length);
            trials.add(new Trial(f[0], m.group(2), skill, grs, frames, labels, simulated));
        }
        return trials;
    }

    /** A kinematics file: one frame per line, {@link Kinematics#COLUMNS} numbers each. */
    public static float[][] readKinematics(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new JigsawsFormatException(file, 0, "kinematics file not found");
        }
        List<float[]> frames = new ArrayList<>();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = reader.readLine()) != null) {
                n++;
                String s = line.trim();
                if (s.isEmpty()) {
                    continue;
                }
                String[] f = s.split("\\s+");
                if (f.length != Kinematics.COLUMNS) {
                    throw new JigsawsFormatException(file, n, f.length + " columns, expected " + Kinematics.COLUMNS
                            + " (4 manipulators × 19 values)");
                }
                float[] frame = new float[Kinematics.COLUMNS];
                for (int c = 0; c < f.length; c++) {
                    try {
                        frame[c] = Float.parseFloat(f[c]);
                    } catch (NumberFormatException e) {
                        throw new JigsawsFormatException(file, n, "column " + (c + 1) + " is not a number: '" + f[c] + "'");
                    }
                    if (!Float.isFinite(frame[c])) {
                        throw new JigsawsFormatException(file, n, "column " + (c + 1) + " is not finite: '" + f[c] + "'");
                    }
                }
                frames.add(frame);
            }
        }
        if (frames.isEmpty()) {
            throw new JigsawsFormatException(file, 0, "no frames");
        }
        return frames.toArray(new float[0][]);
    }

    /** A transcription of a trial of {@code frames} frames: per frame a gesture index or unlabelled. */
    public static int[] readTranscription(Path file, int frames) throws IOException {
        int[] labels = unlabelled(frames);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i).trim();
            if (s.isEmpty()) {
                continue;
            }
            String[] f = s.split("\\s+");
            if (f.length != 3) {
                throw new JigsawsFormatException(file, i + 1, "expected 'start end G#', got '" + s + "'");
            }
            int start;
            int end;
            Gesture g;
            try {
                start = Integer.parseInt(f[0]);
                end = Integer.parseInt(f[1]);
            } catch (NumberFormatException e) {
                throw new JigsawsFormatException(file, i + 1, "frame numbers must be integers, got '" + s + "'");
            }
            try {
                g = Gesture.parse(f[2]);
            } catch (IllegalArgumentException e) {
                throw new JigsawsFormatException(file, i + 1, e.getMessage());
            }
            if (start < 1 || end < start || end > frames) {
                throw new JigsawsFormatException(file, i + 1, "frames " + start + ".." + end + " are outside 1.." + frames
                        + " (the kinematics have " + frames + " frames) or reversed");
            }
            for (int t = start - 1; t < end; t++) {
                if (labels[t] != Trial.UNLABELLED) {
                    throw new JigsawsFormatException(file, i + 1, "frame " + (t + 1) + " is already labelled "
                            + Gesture.ofIndex(labels[t]) + " (gestures overlap)");
                }
                labels[t] = g.index();
            }
        }
        return labels;
    }

    private static int[] unlabelled(int frames) {
        int[] labels = new int[frames];
        Arrays.fill(labels, Trial.UNLABELLED);
        return labels;
    }

    private interface Body {
        void write(BufferedWriter out) throws IOException;
    }

    private static void writeAtomically(Path file, Body body) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            body.write(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
