/**
 * Data for training: in-memory {@link dev.nabla.data.Dataset}s cut into seeded, shuffled
 * mini-batches, the IDX reader and MNIST/Fashion-MNIST loaders (the files come from
 * {@code scripts/fetch-data.sh}), normalization and image augmentation.
 */
package dev.nabla.data;
