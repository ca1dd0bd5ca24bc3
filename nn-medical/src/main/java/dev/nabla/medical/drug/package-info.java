/**
 * Drug discovery: a MolGAN-style graph GAN that generates molecules (issue 10). Chemistry with CDK:
 * {@link dev.nabla.medical.drug.MoleculeReader} (SMILES/CSV/SDF, one exception type
 * {@link dev.nabla.medical.drug.MoleculeFormatException}), {@link dev.nabla.medical.drug.MoleculeCuration}
 * and {@link dev.nabla.medical.drug.MoleculeDataset} (curated, seeded splits with sha256),
 * {@link dev.nabla.medical.drug.MolecularGraph} (atom one-hot and bond tensor, decoding with valence
 * checks). The networks are nn-core layers and autograd: {@link dev.nabla.medical.drug.MolGanGenerator},
 * {@link dev.nabla.medical.drug.BaselineGenerator}, {@link dev.nabla.medical.drug.GraphDiscriminator}
 * with {@link dev.nabla.medical.drug.RelationalGraphConvolution}, trained by
 * {@link dev.nabla.medical.drug.MolGanTrainer}; metrics in {@link dev.nabla.medical.drug.MoleculeMetrics}
 * and {@link dev.nabla.medical.drug.GenerationEvaluation}. See {@code docs/drug.md}.
 */
package dev.nabla.medical.drug;
