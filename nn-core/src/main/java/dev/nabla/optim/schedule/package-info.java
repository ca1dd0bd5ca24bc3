/**
 * Learning-rate schedules for {@link dev.nabla.optim.Optimizer}s: {@link dev.nabla.optim.schedule.StepDecay},
 * {@link dev.nabla.optim.schedule.ExponentialDecay}, {@link dev.nabla.optim.schedule.CosineDecay},
 * {@link dev.nabla.optim.schedule.WarmUp}, {@link dev.nabla.optim.schedule.Constant}.
 *
 * <p>Each is a pure function of the 0-based optimizer step ({@code rate(0)} is used by the first
 * update) with Keras's names in {@code getConfig()} where Keras has the schedule.
 */
package dev.nabla.optim.schedule;
