/**
 * Explanations of a model's prediction for one input: where in the input the score comes from.
 * {@link dev.nabla.medical.explain.Saliency} (the gradient {@code |∂score/∂input|}),
 * {@link dev.nabla.medical.explain.GradCam} (class activation map of any convolution layer, by name,
 * in a Sequential or a composite model), {@link dev.nabla.medical.explain.Occlusion} (the score drop
 * when a patch is covered) and {@link dev.nabla.medical.explain.HeatMap} (colour maps and overlays on
 * the input slice, written as PNG).
 */
package dev.nabla.medical.explain;
