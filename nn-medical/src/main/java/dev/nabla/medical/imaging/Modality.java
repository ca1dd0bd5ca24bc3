package dev.nabla.medical.imaging;

import java.util.Locale;

/** The acquisition modality of a {@link Volume}, with the DICOM (0008,0060) codes. */
public enum Modality {
    /** Computed tomography; voxel values are Hounsfield units after rescaling. */
    CT,
    /** Magnetic resonance; arbitrary intensity units. */
    MR,
    /** Positron emission tomography. */
    PT,
    /** Ultrasound. */
    US,
    /** Projection radiography (CR, DX). */
    XR,
    /** A label map (segmentation or atlas): integer class values, to be resampled with nearest neighbour. */
    LABELS,
    /** Anything else or not recorded. */
    OTHER;

    /** Maps a DICOM modality code (CT, MR, PT, US, CR, DX, …) or a free-text name; unknown → {@link #OTHER}. */
    public static Modality fromCode(String code) {
        if (code == null) {
            return OTHER;
        }
        String c = code.trim().toUpperCase(Locale.ROOT);
        switch (c) {
            case "CT": return CT;
            case "MR": case "MRI": return MR;
            case "PT": case "PET": return PT;
            case "US": return US;
            case "CR": case "DX": case "XR": case "RG": return XR;
            case "LABELS": case "SEG": return LABELS;
            default: return OTHER;
        }
    }
}
