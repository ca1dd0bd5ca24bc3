package dev.nabla.medical.security;

import dev.nabla.data.Idx;
import dev.nabla.io.ModelFile;
import dev.nabla.io.SafeTensors;
import dev.nabla.medical.data.NumericCsv;
import dev.nabla.medical.diagnosis.BreastCancerTable;
import dev.nabla.medical.drug.MoleculeReader;
import dev.nabla.medical.imaging.DataSets;
import dev.nabla.medical.imaging.DicomReader;
import dev.nabla.medical.imaging.Modality;
import dev.nabla.medical.imaging.NiftiReader;
import dev.nabla.medical.imaging.NiftiWriter;
import dev.nabla.medical.imaging.Volume;
import dev.nabla.medical.privacy.DeidentifiedDicomWriter;
import dev.nabla.medical.privacy.DicomDataSet;
import dev.nabla.medical.privacy.DicomDeidentifier;
import dev.nabla.medical.surgery.JigsawsIO;
import dev.nabla.medical.surgery.Skill;
import dev.nabla.medical.surgery.SurgerySimulator;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One seeded, time-bounded fuzz run per reader of outside files (see {@link Fuzzer}): mutated real or
 * test-written files must be read or rejected with the reader's documented exception — no other exception, no
 * hang, no out-of-memory. Case counts go to {@code target/fuzz-report.txt}.
 */
class ReaderFuzzTest {
    private static final int MAX_CASES = 1500;
    private static final long BUDGET_MS = 4000;
    /** Per-case limit: far above a normal read (milliseconds), so only a real hang trips it on a loaded machine. */
    private static final long CASE_MS = 10_000;
    private static final List<String> REPORT = new ArrayList<>();

    @TempDir
    static Path dir;

    @AfterAll
    static void writeReport() throws IOException {
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "fuzz-report.txt"), REPORT);
    }

    @Test
    void modelFile() throws Exception {
        Sequential m = new Sequential(new Conv2D(2, 3).activation(Activation.RELU), new Flatten(), new Dense(3)).seed(1);
        m.build(1, 6, 6);
        Path seed = dir.resolve("seed.nabla");
        m.save(seed, Map.of("note", "fuzz seed"));
        Path target = dir.resolve("case.nabla");
        check(Fuzzer.run("ModelFile.load (.nabla zip)", List.of(Files.readAllBytes(seed)), bytes -> {
            Files.write(target, bytes);
            ModelFile.load(target);
        }, 1, MAX_CASES, BUDGET_MS, CASE_MS, IllegalArgumentException.class, IOException.class));
    }

    @Test
    void safeTensors() throws Exception {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("a", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        t.put("b", Tensor.of(new float[] {7}, 1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(t, Map.of("format", "pt"), out);
        check(Fuzzer.run("SafeTensors.read", List.of(out.toByteArray()), bytes -> SafeTensors.read(bytes, "fuzz"),
                2, MAX_CASES, BUDGET_MS, CASE_MS, IllegalArgumentException.class));
    }

    @Test
    void idx() throws Exception {
        ByteBuffer images = ByteBuffer.allocate(16 + 5 * 28 * 28).putInt(0x0803).putInt(5).putInt(28).putInt(28);
        for (int i = 16; i < images.capacity(); i++) {
            images.put(i, (byte) (i * 7));
        }
        ByteBuffer labels = ByteBuffer.allocate(8 + 5).putInt(0x0801).putInt(5).put(new byte[] {1, 2, 3, 4, 5});
        Path img = dir.resolve("case-idx3-ubyte");
        Path imgGz = dir.resolve("case-idx3-ubyte.gz");
        Path lab = dir.resolve("case-idx1-ubyte");
        check(Fuzzer.run("Idx (MNIST images/labels, plain and gzip)", List.of(images.array(), labels.array(), gzip(images.array())),
                bytes -> {
                    boolean gz = bytes.length > 1 && (bytes[0] & 0xff) == 0x1f;
                    Path p = gz ? imgGz : bytes.length > 100 ? img : lab;
                    Files.write(p, bytes);
                    if (p == lab) {
                        Idx.readLabels(p);
                    } else {
                        Idx.readImages(p);
                    }
                }, 3, MAX_CASES, BUDGET_MS, CASE_MS, IllegalArgumentException.class, IOException.class));
    }

    @Test
    void csv() throws Exception {
        Path wdbc = BreastCancerTable.defaultPath();
        if (!Files.isRegularFile(wdbc)) {
            fail(wdbc + " is missing — run: scripts/fetch-data.sh wdbc");
        }
        List<String> lines = Files.readAllLines(wdbc);
        byte[] head = String.join("\n", lines.subList(0, 60)).getBytes(StandardCharsets.UTF_8);
        check(Fuzzer.run("NumericCsv (WDBC rows)", List.of(head), bytes -> NumericCsv.read(new ByteArrayInputStream(bytes),
                "fuzz.csv", 1), 4, MAX_CASES, BUDGET_MS, CASE_MS, IOException.class));
    }

    @Test
    void jigsaws() throws Exception {
        Path root = dir.resolve("jigsaws");
        JigsawsIO.write(root, "Suturing", List.of(new SurgerySimulator(3).trial("B", Skill.NOVICE, 1)));
        Path kin = find(root, "kinematics");
        List<String> kinLines = Files.readAllLines(kin);
        byte[] kinSeed = (String.join("\n", kinLines.subList(0, Math.min(40, kinLines.size()))) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] trSeed = "1 12 G1\n13 30 G2\n31 40 G3\n".getBytes(StandardCharsets.US_ASCII); // covers 40 frames
        Path kCase = dir.resolve("kin-case.txt");
        Path tCase = dir.resolve("tr-case.txt");
        check(Fuzzer.run("JigsawsIO (kinematics + transcriptions)", List.of(kinSeed, trSeed), bytes -> {
            if (bytes.length > 1000) {
                Files.write(kCase, bytes);
                JigsawsIO.readKinematics(kCase);
            } else {
                Files.write(tCase, bytes);
                JigsawsIO.readTranscription(tCase, 40);
            }
        }, 5, MAX_CASES, BUDGET_MS, CASE_MS, IOException.class));
    }

    @Test
    void dicom() throws Exception {
        Path ct = DataSets.require("dicom", "pydicom/CT_small.dcm");
        Path target = dir.resolve("case.dcm");
        // ImageJ decodes a file in tens of milliseconds when warm, so this reader gets a longer budget and a lower bar.
        check(Fuzzer.run("DicomReader.readFile (CT_small.dcm)", List.of(Files.readAllBytes(ct)), bytes -> {
            Files.write(target, bytes);
            DicomReader.readFile(target);
        }, 6, MAX_CASES, 3 * BUDGET_MS, CASE_MS, IOException.class), 50);
    }

    @Test
    void dicomDeidentifyingRewriter() throws Exception {
        List<byte[]> seeds = List.of(Files.readAllBytes(DataSets.require("dicom", "pydicom/CT_small.dcm")),
                Files.readAllBytes(DataSets.require("dicom", "pydicom/MR_small_implicit.dcm")),
                Files.readAllBytes(DataSets.require("dicom", "pydicom/MR_small_RLE.dcm")),
                Files.readAllBytes(DataSets.require("dicom", "pydicom/MR_small_bigendian.dcm")),
                Files.readAllBytes(DataSets.require("dicom", "pydicom/image_dfl.dcm")));
        Path in = dir.resolve("rewrite-in.dcm");
        Path out = dir.resolve("rewrite-out").resolve("out.dcm");
        DeidentifiedDicomWriter writer = new DeidentifiedDicomWriter(
                new DicomDeidentifier("fuzzing key, at least 16 bytes".getBytes(StandardCharsets.US_ASCII)));
        // Parse → de-identify → encode in memory, the output parsed again; every 8th case through the file path
        // (atomic write), where a rejected input must leave no output file. AssertionError (an Error) is a finding.
        int[] n = {0};
        check(Fuzzer.run("DeidentifiedDicomWriter (DicomDataSet parse + rewrite)", seeds, bytes -> {
            if (n[0]++ % 8 != 0) {
                DicomDataSet parsed = DicomDataSet.parse(bytes, in);
                byte[] written = writer.deidentify(parsed, in).encode();
                try {
                    DicomDataSet.parse(written, out);
                } catch (IOException e) {
                    throw new AssertionError("the rewritten data set does not parse: " + e.getMessage(), e);
                }
                return;
            }
            Files.write(in, bytes);
            Files.deleteIfExists(out);
            try {
                writer.write(in, out);
            } catch (IOException e) {
                if (Files.exists(out)) {
                    throw new AssertionError("output left after a rejected input: " + e.getMessage());
                }
                throw e;
            }
            try {
                DicomDataSet.read(out);
            } catch (IOException e) {
                throw new AssertionError("the written file does not parse: " + e.getMessage(), e);
            }
        }, 9, 4000, 3 * BUDGET_MS, CASE_MS, IOException.class), 1000);
        try (var s = Files.list(out.getParent())) {
            List<Path> left = s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
            assertTrue(left.isEmpty(), "temporary files left behind: " + left);
        }
    }

    @Test
    void nifti() throws Exception {
        float[] data = new float[6 * 5 * 4];
        for (int i = 0; i < data.length; i++) {
            data[i] = i % 17;
        }
        Volume v = new Volume(data, new int[] {6, 5, 4}, new double[] {1, 1.5, 2}, null, Modality.MR, null);
        List<byte[]> seeds = List.of(NiftiWriter.encode(v, NiftiWriter.DataType.INT16),
                NiftiWriter.encode(v, NiftiWriter.DataType.FLOAT32));
        Path target = dir.resolve("case.nii");
        check(Fuzzer.run("NiftiReader (.nii)", seeds, bytes -> NiftiReader.parse(target, bytes), 7, MAX_CASES, BUDGET_MS,
                CASE_MS, IOException.class));
    }

    @Test
    void molecules() throws Exception {
        Path smi = DataSets.require("molecules", "first_5K.smi");
        Path sdf = DataSets.require("molecules", "first_200.props.sdf");
        List<String> smiLines = Files.readAllLines(smi).subList(0, 30);
        List<String> sdfLines = Files.readAllLines(sdf);
        int end = 0;
        for (int i = 0, records = 0; i < sdfLines.size() && records < 3; i++) {
            if (sdfLines.get(i).startsWith("$$$$")) {
                records++;
                end = i + 1;
            }
        }
        byte[] smiSeed = (String.join("\n", smiLines) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] sdfSeed = (String.join("\n", sdfLines.subList(0, end)) + "\n").getBytes(StandardCharsets.UTF_8);
        Path smiCase = dir.resolve("case.smi");
        Path sdfCase = dir.resolve("case.sdf");
        check(Fuzzer.run("MoleculeReader (SMILES + SDF, strict)", List.of(smiSeed, sdfSeed), bytes -> {
            boolean isSdf = new String(bytes, 0, Math.min(bytes.length, 4000), StandardCharsets.ISO_8859_1).contains("M  END");
            Path p = isSdf ? sdfCase : smiCase;
            Files.write(p, bytes);
            MoleculeReader.strict().read(p);
        }, 8, MAX_CASES, BUDGET_MS, CASE_MS, IOException.class));
    }

    // ------------------------------------------------------------------ helpers

    private static void check(Fuzzer.Report r) {
        check(r, 100);
    }

    private static void check(Fuzzer.Report r, int minCases) {
        System.out.println("[fuzz] " + r);
        REPORT.add(r.toString());
        assertTrue(r.findings().isEmpty(), r + ":\n  " + String.join("\n  ", r.findings()));
        assertTrue(r.cases() >= minCases, "too few cases to mean anything: " + r);
        assertTrue(r.rejected() > 0, "no mutation was rejected — is the reader checking anything? " + r);
    }

    private static Path find(Path root, String sub) throws IOException {
        try (var s = Files.walk(root.resolve(sub))) {
            return s.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }
}
