package dev.nabla.medical.drug;

import java.io.IOException;

/**
 * A molecule record that cannot be read: malformed SMILES, a broken SDF block, a CSV line without a
 * SMILES column. The only exception type {@link MoleculeReader} throws for bad input; the message names
 * the source, the 1-based record number (the line of a SMILES/CSV file, the record of an SDF file),
 * the record's id when one was given, what was expected and what was found.
 */
public final class MoleculeFormatException extends IOException {
    private final String source;
    private final int record;
    private final String id;

    /**
     * @param source file name or other label of the input
     * @param record 1-based line (SMILES, CSV) or record number (SDF); 0 when it concerns the whole input
     * @param id     the record's identifier, or {@code null}
     * @param message what was expected and what was found
     */
    public MoleculeFormatException(String source, int record, String id, String message) {
        super(source + ":" + record + (id == null || id.isEmpty() ? "" : " (id " + id + ")") + ": " + message);
        this.source = source;
        this.record = record;
        this.id = id;
    }

    /** The file name or label of the input. */
    public String source() {
        return source;
    }

    /** The 1-based line (SMILES, CSV) or record number (SDF); 0 for the input as a whole. */
    public int record() {
        return record;
    }

    /** The record's identifier, or {@code null} when it had none or it could not be read. */
    public String id() {
        return id;
    }
}
