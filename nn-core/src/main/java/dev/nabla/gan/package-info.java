/**
 * Generative adversarial networks (Goodfellow et al., 2014): {@link dev.nabla.gan.GanTrainer}
 * alternates discriminator and generator updates with separate optimizers (the discriminator's
 * binary cross-entropy, real → 1 and fake → 0, and the non-saturating generator loss
 * {@code −log D(G(z))}); {@link dev.nabla.gan.Conditioning} feeds class labels to both networks
 * for a conditional GAN. The formulas themselves are in {@link dev.nabla.formula.GanObjective}.
 */
package dev.nabla.gan;
