/**
 * The training loop ({@link dev.nabla.train.Trainer} behind {@code Model.fit}/{@code evaluate}),
 * its settings ({@link dev.nabla.train.Fit}), the per-epoch {@link dev.nabla.train.History}, the
 * callbacks (early stopping, checkpoints, CSV log, learning-rate control, NaN guard) and the
 * progress bar.
 */
package dev.nabla.train;
