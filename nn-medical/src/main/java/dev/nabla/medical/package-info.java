/**
 * Medical models built on the public API of nn-core. So far: {@link dev.nabla.medical.surgery}, surgical
 * gesture recognition on robotic-surgery kinematics (JIGSAWS layout, with a simulator), and
 * {@link dev.nabla.medical.drug}, a graph GAN that generates molecules (CDK for chemistry).
 */
package dev.nabla.medical;
