/**
 * Random image augmentation for batches of {@code NCHW} float tensors, applied on the fly to the
 * training batches of {@code fit} ({@link dev.nabla.train.Fit#augmentation}):
 * {@link dev.nabla.data.augment.RandomShift} (integer pixel translations),
 * {@link dev.nabla.data.augment.RandomFlip} (left–right and/or up–down mirroring),
 * {@link dev.nabla.data.augment.RandomRotation} (bilinear rotation about the image centre), and
 * {@link dev.nabla.data.augment.Compose} to chain them.
 *
 * <p>Every sample of a batch gets its own random draw, and every draw comes from the
 * {@link java.util.random.RandomGenerator} passed in, so a seeded generator reproduces the same
 * augmented batches. Pixels that come from outside the image are filled with 0. The transforms
 * work on plain {@code float} arrays and are not differentiable: they return new tensors that do
 * not record gradients.
 */
package dev.nabla.data.augment;
