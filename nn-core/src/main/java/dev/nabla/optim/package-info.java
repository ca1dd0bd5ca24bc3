/**
 * Optimizers: {@link dev.nabla.optim.SGD} (momentum, Nesterov), {@link dev.nabla.optim.Adam}
 * (AMSGrad), {@link dev.nabla.optim.AdamW}, {@link dev.nabla.optim.RMSprop},
 * {@link dev.nabla.optim.Adagrad}; all share {@link dev.nabla.optim.Optimizer}: constant or
 * scheduled learning rate ({@link dev.nabla.optim.LearningRateSchedule}, built-ins in
 * {@code dev.nabla.optim.schedule}), global-norm and value gradient clipping, Keras-named
 * {@code getConfig()} (turned back into an optimizer or schedule by {@link dev.nabla.optim.Optimizers}),
 * and {@link dev.nabla.optim.OptimizerState} for exact save/resume ({@code .nabla} files of compiled
 * models store both, see {@link dev.nabla.io.ModelFile}).
 *
 * <p>Each class's Javadoc writes out its update rule and says whose semantics it follows (PyTorch
 * for SGD and Adam's L2 decay, Kingma &amp; Ba for Adam, Keras for RMSprop and Adagrad). Updates
 * are applied in place to the parameters' {@code float} storage, outside autograd.
 */
package dev.nabla.optim;
