/**
 * Loss functions with Keras semantics: {@link dev.nabla.loss.Losses} makes them, every one is a
 * {@link dev.nabla.loss.Loss} that returns a differentiable scalar.
 *
 * <p>Reduction is Keras's {@code "sum_over_batch_size"}: a loss is first computed per sample
 * (shape {@code (batch)}), then {@code L = Σ_b w_b·l_b / batch} with {@code w_b = 1} when no sample
 * weights are given. Class scores lie along the last axis (Keras {@code axis=-1}) unless a loss
 * takes an {@code axis}.
 */
package dev.nabla.loss;
