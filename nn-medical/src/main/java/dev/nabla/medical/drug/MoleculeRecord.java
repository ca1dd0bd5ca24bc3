package dev.nabla.medical.drug;

import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * One molecule as read from a file.
 *
 * @param source   the file name or label it came from
 * @param record   1-based line (SMILES, CSV) or record number (SDF)
 * @param id       the identifier given in the file (may be empty)
 * @param smiles   the SMILES as written in the file (for SDF: {@code null})
 * @param molecule the parsed molecule
 */
public record MoleculeRecord(String source, int record, String id, String smiles, IAtomContainer molecule) {
}
