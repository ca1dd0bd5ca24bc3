/**
 * Layers and models, Keras-style: {@link dev.nabla.nn.Layer} (built lazily from the first input
 * shape, named weights, config round trip), {@link dev.nabla.nn.Sequential}, composite
 * {@link dev.nabla.nn.Model}s written as plain Java classes, the layers themselves and the weight
 * {@link dev.nabla.nn.Initializers}.
 */
package dev.nabla.nn;
