package dev.nabla.medical.drug;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.io.MDLV2000Reader;
import org.openscience.cdk.silent.AtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

/**
 * Reads molecules from the three formats of the Debian {@code rdkit-data} files with CDK:
 * <ul>
 *   <li>{@code .smi}: one molecule a line, {@code SMILES [whitespace id]}; blank lines and lines
 *       starting with {@code #} are skipped;</li>
 *   <li>{@code .csv}: {@code SMILES,id} with optional double quotes; a first line whose first field is
 *       {@code SMILES} (any case) is a header;</li>
 *   <li>{@code .sdf}: MDL molfile V2000 records separated by {@code $$$$}; the title line is the id.</li>
 * </ul>
 * In {@linkplain #strict() strict} mode the first bad record throws a {@link MoleculeFormatException}
 * naming the source, the record number (the 1-based line of a SMILES/CSV file, the 1-based record of an
 * SDF file) and the id. In {@linkplain #lenient() lenient} mode every bad record is kept in
 * {@link Result#rejected()} with its reason — counted and reported, never silently dropped.
 * {@link MoleculeFormatException} is the only exception type raised for bad content; other
 * {@link IOException}s mean the file itself could not be read.
 */
public final class MoleculeReader {
    /** A record that could not be read, with the reason. */
    public record Rejected(String source, int record, String id, String reason) {
    }

    /** What one read produced: the molecules and the rejected records (empty in strict mode). */
    public record Result(List<MoleculeRecord> molecules, List<Rejected> rejected) {
        /** Number of records seen: read plus rejected. */
        public int total() {
            return molecules.size() + rejected.size();
        }
    }

    private final boolean lenient;

    private MoleculeReader(boolean lenient) {
        this.lenient = lenient;
    }

    /** A reader that throws on the first bad record. */
    public static MoleculeReader strict() {
        return new MoleculeReader(false);
    }

    /** A reader that collects bad records in {@link Result#rejected()} and goes on. */
    public static MoleculeReader lenient() {
        return new MoleculeReader(true);
    }

    /** Whether bad records are collected instead of thrown. */
    public boolean isLenient() {
        return lenient;
    }

    /**
     * Parses one SMILES string.
     *
     * @throws MoleculeFormatException naming {@code source}, {@code record} and {@code id} when CDK
     *                                 cannot parse it (syntax, unknown element, failed kekulisation)
     */
    public static IAtomContainer parseSmiles(String smiles, String source, int record, String id)
            throws MoleculeFormatException {
        if (smiles == null || smiles.isBlank()) {
            throw new MoleculeFormatException(source, record, id, "expected a SMILES string, found an empty field");
        }
        try {
            IAtomContainer mol = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(smiles);
            if (mol.getAtomCount() == 0) {
                throw new MoleculeFormatException(source, record, id, "SMILES '" + abbreviate(smiles) + "' has no atoms");
            }
            return mol;
        } catch (CDKException | RuntimeException e) {
            throw new MoleculeFormatException(source, record, id,
                    "invalid SMILES '" + abbreviate(smiles) + "': " + firstLine(e.getMessage()));
        }
    }

    /** Reads a file, choosing the format from its extension ({@code .smi}, {@code .csv}, {@code .sdf}/{@code .mol}). */
    public Result read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if (name.endsWith(".smi") || name.endsWith(".smiles") || name.endsWith(".txt")) {
                return readSmiles(in, file.toString());
            } else if (name.endsWith(".csv")) {
                return readCsv(in, file.toString());
            } else if (name.endsWith(".sdf") || name.endsWith(".mol") || name.endsWith(".sd")) {
                return readSdf(in, file.toString());
            }
        }
        throw new MoleculeFormatException(file.toString(), 0, null,
                "unknown molecule file type: expected .smi, .csv or .sdf, found '" + name + "'");
    }

    /** Reads {@code SMILES [id]} lines. */
    public Result readSmiles(Reader reader, String source) throws IOException {
        List<MoleculeRecord> ok = new ArrayList<>();
        List<Rejected> bad = new ArrayList<>();
        BufferedReader in = buffered(reader);
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] parts = t.split("\\s+", 2);
            String id = parts.length > 1 ? parts[1].strip() : "";
            accept(parts[0], source, number, id, ok, bad);
        }
        return new Result(List.copyOf(ok), List.copyOf(bad));
    }

    /** Reads {@code SMILES,id} lines (optionally quoted, optional header). */
    public Result readCsv(Reader reader, String source) throws IOException {
        List<MoleculeRecord> ok = new ArrayList<>();
        List<Rejected> bad = new ArrayList<>();
        BufferedReader in = buffered(reader);
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            List<String> fields;
            try {
                fields = csvFields(line, source, number);
            } catch (MoleculeFormatException e) {
                reject(e, bad);
                continue;
            }
            if (number == 1 && fields.get(0).strip().equalsIgnoreCase("smiles")) {
                continue;
            }
            String id = fields.size() > 1 ? fields.get(1).strip() : "";
            accept(fields.get(0).strip(), source, number, id, ok, bad);
        }
        return new Result(List.copyOf(ok), List.copyOf(bad));
    }

    /** Reads an SD file: V2000 molfile blocks separated by {@code $$$$} lines. */
    public Result readSdf(Reader reader, String source) throws IOException {
        List<MoleculeRecord> ok = new ArrayList<>();
        List<Rejected> bad = new ArrayList<>();
        BufferedReader in = buffered(reader);
        StringBuilder block = new StringBuilder();
        String line;
        int record = 0;
        boolean any = false;
        while ((line = in.readLine()) != null) {
            if (line.strip().equals("$$$$")) {
                record++;
                acceptBlock(block.toString(), source, record, ok, bad);
                block.setLength(0);
                any = false;
            } else {
                block.append(line).append('\n');
                any |= !line.isBlank();
            }
        }
        if (any) {
            record++;
            acceptBlock(block.toString(), source, record, ok, bad);
        }
        return new Result(List.copyOf(ok), List.copyOf(bad));
    }

    private void acceptBlock(String block, String source, int record, List<MoleculeRecord> ok, List<Rejected> bad)
            throws MoleculeFormatException {
        String title = block.lines().findFirst().orElse("").strip();
        try {
            ok.add(new MoleculeRecord(source, record, title, null, parseMolfile(block, source, record, title)));
        } catch (MoleculeFormatException e) {
            reject(e, bad);
        }
    }

    private static IAtomContainer parseMolfile(String block, String source, int record, String title)
            throws MoleculeFormatException {
        long lines = block.lines().count();
        if (lines < 4) {
            throw new MoleculeFormatException(source, record, title,
                    "expected a molfile (header of 3 lines and a counts line), found " + lines + " line(s)");
        }
        String counts = block.lines().skip(3).findFirst().orElse("");
        if (counts.contains("V3000")) {
            throw new MoleculeFormatException(source, record, title, "V3000 molfiles are not supported, expected V2000");
        }
        try (MDLV2000Reader r = new MDLV2000Reader(new StringReader(block))) {
            IAtomContainer mol = r.read(new AtomContainer());
            if (mol == null || mol.getAtomCount() == 0) {
                throw new MoleculeFormatException(source, record, title, "molfile block has no atoms");
            }
            return mol;
        } catch (MoleculeFormatException e) {
            throw e;
        } catch (CDKException | IOException | RuntimeException e) {
            throw new MoleculeFormatException(source, record, title,
                    "invalid molfile block: " + firstLine(e.getMessage()));
        }
    }

    private void accept(String smiles, String source, int number, String id, List<MoleculeRecord> ok,
            List<Rejected> bad) throws MoleculeFormatException {
        try {
            ok.add(new MoleculeRecord(source, number, id, smiles, parseSmiles(smiles, source, number, id)));
        } catch (MoleculeFormatException e) {
            reject(e, bad);
        }
    }

    private void reject(MoleculeFormatException e, List<Rejected> bad) throws MoleculeFormatException {
        if (!lenient) {
            throw e;
        }
        bad.add(new Rejected(e.source(), e.record(), e.id(), e.getMessage()));
    }

    /** Splits one CSV line into fields; double quotes may enclose a field and {@code ""} is a literal quote. */
    static List<String> csvFields(String line, String source, int number) throws MoleculeFormatException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                if (field.toString().isBlank() && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                    field.setLength(0);
                } else {
                    throw new MoleculeFormatException(source, number, null,
                            "stray double quote at column " + (i + 1) + " of CSV line");
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new MoleculeFormatException(source, number, null, "unterminated double quote in CSV line");
        }
        fields.add(field.toString());
        return fields;
    }

    private static BufferedReader buffered(Reader r) {
        return r instanceof BufferedReader b ? b : new BufferedReader(r);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no detail)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
