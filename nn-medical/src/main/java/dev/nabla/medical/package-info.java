/**
 * Medical models built on the public API of nn-core. So far: {@link dev.nabla.medical.surgery}, surgical
 * gesture recognition on robotic-surgery kinematics (JIGSAWS layout, with a simulator); {@link dev.nabla.medical.imaging},
 * CT/MRI readers (DICOM, NIfTI-1, PNG/JPEG), preprocessing, classic segmentation and a 2-D U-Net; and
 * {@link dev.nabla.medical.drug}, a graph GAN that generates molecules (CDK for chemistry).
 */
package dev.nabla.medical;
