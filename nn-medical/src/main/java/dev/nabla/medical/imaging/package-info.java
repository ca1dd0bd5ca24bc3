/**
 * Medical imaging I/O, preprocessing and segmentation.
 * <ul>
 *   <li>{@link dev.nabla.medical.imaging.Volume}: a 3-D scan with spacing, a voxel-to-RAS affine, modality and
 *       header metadata; {@link dev.nabla.medical.imaging.Volume#slice} gives axial/coronal/sagittal
 *       {@link dev.nabla.medical.imaging.Image2D}s.</li>
 *   <li>Readers: {@link dev.nabla.medical.imaging.NiftiReader} (NIfTI-1), {@link dev.nabla.medical.imaging.DicomReader}
 *       (files and series, via ImageJ, values in HU), {@link dev.nabla.medical.imaging.InVesaliusReader},
 *       {@link dev.nabla.medical.imaging.ImageFiles} (PNG/JPEG); writers {@link dev.nabla.medical.imaging.NiftiWriter}
 *       and PNG (windowed, side by side, label overlays). Bad input raises
 *       {@link dev.nabla.medical.imaging.ImagingException} naming the file and the problem.</li>
 * </ul>
 */
package dev.nabla.medical.imaging;
