package dev.nabla.medical.imaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads single-file NIfTI-1 volumes ({@code .nii}, {@code .nii.gz}) into a {@link Volume}.
 * <p>Header (348 bytes, offsets per the NIfTI-1 standard, nifti1.h): {@code sizeof_hdr}@0 (= 348, which also
 * tells the byte order), {@code dim[8]}@40 int16, {@code datatype}@70, {@code bitpix}@72, {@code pixdim[8]}@76
 * float32 ({@code pixdim[0]} = qfac = ±1), {@code vox_offset}@108 float32 (not always 352: extensions may
 * follow the header), {@code scl_slope/scl_inter}@112/116 (value = slope·stored + inter when slope ≠ 0),
 * {@code qform_code/sform_code}@252/254, quaternion @256–276, {@code srow_x/y/z}@280/296/312,
 * {@code magic}@344 = {@code "n+1\0"}.
 * <p>Datatypes: uint8 (2), int16 (4), int32 (8), float32 (16), float64 (64), int8 (256), uint16 (512),
 * uint32 (768). Geometry: the sform when {@code sform_code > 0}, else the qform when {@code qform_code > 0}
 * (quaternion, qfac and pixdim, "method 2" of nifti1.h), else {@code diag(pixdim)}. 3-D only (a 4-D file with
 * {@code dim[4] > 1} is refused). Header fields go into the volume's metadata as {@code nifti.<field>}.
 */
public final class NiftiReader {
    private NiftiReader() {
    }

    /** Reads {@code file}; gzip is recognised by its magic bytes, whatever the extension. */
    public static Volume read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ImagingException(file, "no such file");
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes), 1 << 16)) {
                bytes = in.readAllBytes();
            } catch (java.io.EOFException e) {
                throw new ImagingException(file, "truncated gzip stream (the .nii.gz file is incomplete)", e);
            } catch (java.util.zip.ZipException e) {
                throw new ImagingException(file, "corrupt gzip stream: " + e.getMessage(), e);
            }
        }
        return parse(file, bytes);
    }

    /** Parses an uncompressed NIfTI-1 image held in memory; {@code file} only names it in errors. */
    public static Volume parse(Path file, byte[] bytes) throws ImagingException {
        if (bytes.length < 348) {
            throw new ImagingException(file, "not a NIfTI-1 file: " + bytes.length + " bytes, the header alone is 348");
        }
        ByteBuffer h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (h.getInt(0) != 348) {
            h.order(ByteOrder.BIG_ENDIAN);
            if (h.getInt(0) != 348) {
                throw new ImagingException(file, "not a NIfTI-1 file: sizeof_hdr is " + h.order(ByteOrder.LITTLE_ENDIAN).getInt(0)
                        + " (little-endian), expected 348" + (h.getInt(0) == 540 ? " — this looks like NIfTI-2, which is not supported" : ""));
            }
        }
        String magic = new String(bytes, 344, 3, StandardCharsets.US_ASCII);
        if (magic.equals("ni1")) {
            throw new ImagingException(file, "a NIfTI-1 .hdr/.img pair (magic \"ni1\"); only single-file .nii is supported");
        }
        if (!magic.equals("n+1")) {
            throw new ImagingException(file, "not a NIfTI-1 file: magic at byte 344 is \"" + printable(magic)
                    + "\", expected \"n+1\"");
        }
        short[] dim = new short[8];
        for (int d = 0; d < 8; d++) {
            dim[d] = h.getShort(40 + 2 * d);
        }
        int ndim = dim[0];
        if (ndim < 1 || ndim > 7) {
            throw new ImagingException(file, "dim[0] = " + ndim + ", expected 1..7");
        }
        int[] dims = {1, 1, 1};
        for (int d = 1; d <= Math.min(3, ndim); d++) {
            if (dim[d] <= 0) {
                throw new ImagingException(file, "dim[" + d + "] = " + dim[d] + ", expected a positive size");
            }
            dims[d - 1] = dim[d];
        }
        for (int d = 4; d <= ndim; d++) {
            if (dim[d] > 1) {
                throw new ImagingException(file, ndim + "-D image with dim[" + d + "] = " + dim[d]
                        + "; only 3-D volumes are supported (split the time series first)");
            }
        }
        int datatype = h.getShort(70);
        int bitpix = h.getShort(72);
        float[] pixdim = new float[8];
        for (int d = 0; d < 8; d++) {
            pixdim[d] = h.getFloat(76 + 4 * d);
        }
        float voxOffsetF = h.getFloat(108);
        float slope = h.getFloat(112);
        float inter = h.getFloat(116);
        int qformCode = h.getShort(252);
        int sformCode = h.getShort(254);
        int bytesPer = bytesPerVoxel(file, datatype);
        if (bitpix != 8 * bytesPer) {
            throw new ImagingException(file, "bitpix " + bitpix + " does not match datatype " + datatype + " ("
                    + 8 * bytesPer + " bits)");
        }
        if (!(voxOffsetF >= 348) || voxOffsetF != Math.floor(voxOffsetF)) {
            throw new ImagingException(file, "vox_offset " + voxOffsetF + " is invalid for a single-file NIfTI (expected ≥ 352)");
        }
        long voxOffset = (long) voxOffsetF;
        if (voxOffset > bytes.length) { // also keeps voxOffset + n·bytesPer below overflow
            throw new ImagingException(file, "vox_offset " + voxOffset + " lies beyond the end of the " + bytes.length
                    + "-byte file");
        }
        long n = (long) dims[0] * dims[1] * dims[2];
        long need = voxOffset + n * bytesPer;
        if (bytes.length < need) {
            throw new ImagingException(file, "truncated: " + dims[0] + "×" + dims[1] + "×" + dims[2] + " voxels of "
                    + bytesPer + " bytes from offset " + voxOffset + " need " + need + " bytes, the file has " + bytes.length);
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new ImagingException(file, "volume too large: " + n + " voxels");
        }
        float[] data = new float[(int) n];
        ByteBuffer b = ByteBuffer.wrap(bytes, (int) voxOffset, (int) (n * bytesPer)).order(h.order());
        decode(b, datatype, data);
        boolean scaled = slope != 0 && Float.isFinite(slope) && !(slope == 1 && inter == 0);
        if (scaled) {
            for (int i = 0; i < data.length; i++) {
                data[i] = data[i] * slope + inter;
            }
        }
        double[] spacing = new double[3];
        for (int a = 0; a < 3; a++) {
            double p = Math.abs(pixdim[a + 1]);
            spacing[a] = p > 0 && Double.isFinite(p) ? p : 1.0;
        }
        double[][] affine;
        String geometry;
        if (sformCode > 0) {
            affine = new double[4][4];
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 4; c++) {
                    affine[r][c] = h.getFloat(280 + 16 * r + 4 * c);
                }
            }
            affine[3][3] = 1;
            geometry = "sform";
        } else if (qformCode > 0) {
            affine = qform(h.getFloat(256), h.getFloat(260), h.getFloat(264), h.getFloat(268), h.getFloat(272),
                    h.getFloat(276), spacing, pixdim[0]);
            geometry = "qform";
        } else {
            affine = Volume.diagonal(spacing);
            geometry = "pixdim";
        }
        String descrip = cString(bytes, 148, 80);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("nifti.datatype", Integer.toString(datatype));
        meta.put("nifti.byte_order", h.order().toString());
        meta.put("nifti.vox_offset", Long.toString(voxOffset));
        meta.put("nifti.scl_slope", Float.toString(slope));
        meta.put("nifti.scl_inter", Float.toString(inter));
        meta.put("nifti.qfac", Float.toString(pixdim[0] == 0 ? 1 : pixdim[0]));
        meta.put("nifti.qform_code", Integer.toString(qformCode));
        meta.put("nifti.sform_code", Integer.toString(sformCode));
        meta.put("nifti.geometry", geometry);
        meta.put("nifti.descrip", descrip);
        meta.put("source", file == null ? "" : file.toString());
        return new Volume(data, dims, spacing, affine, Modality.OTHER, meta);
    }

    /**
     * The qform affine ("method 2" of nifti1.h): rotation from the quaternion {@code (a, b, c, d)} with
     * {@code a = sqrt(1 − b² − c² − d²)}, columns scaled by {@code pixdim} and the k column by qfac.
     */
    static double[][] qform(double b, double c, double d, double qx, double qy, double qz, double[] spacing,
                            double qfac) {
        double a = 1.0 - (b * b + c * c + d * d);
        if (a < 1e-7) { // nifti1_io: 180-degree rotation, renormalise (b, c, d)
            double norm = 1.0 / Math.sqrt(b * b + c * c + d * d);
            b *= norm;
            c *= norm;
            d *= norm;
            a = 0;
        } else {
            a = Math.sqrt(a);
        }
        double q = qfac < 0 ? -1 : 1;
        double[][] r = {
                {a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)},
                {2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)},
                {2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b}};
        double[][] m = new double[4][4];
        for (int row = 0; row < 3; row++) {
            m[row][0] = r[row][0] * spacing[0];
            m[row][1] = r[row][1] * spacing[1];
            m[row][2] = r[row][2] * spacing[2] * q;
        }
        m[0][3] = qx;
        m[1][3] = qy;
        m[2][3] = qz;
        m[3][3] = 1;
        return m;
    }

    static int bytesPerVoxel(Path file, int datatype) throws ImagingException {
        switch (datatype) {
            case 2: case 256: return 1;
            case 4: case 512: return 2;
            case 8: case 16: case 768: return 4;
            case 64: return 8;
            default:
                throw new ImagingException(file, "unsupported NIfTI datatype " + datatype + " (" + typeName(datatype)
                        + "); supported: uint8, int8, int16, uint16, int32, uint32, float32, float64");
        }
    }

    private static String typeName(int datatype) {
        switch (datatype) {
            case 1: return "binary";
            case 32: return "complex64";
            case 128: return "RGB24";
            case 1024: return "int64";
            case 1280: return "uint64";
            case 1536: return "float128";
            case 1792: return "complex128";
            case 2304: return "RGBA32";
            default: return "unknown";
        }
    }

    private static void decode(ByteBuffer b, int datatype, float[] out) {
        int n = out.length;
        switch (datatype) {
            case 2: for (int i = 0; i < n; i++) { out[i] = b.get() & 0xff; } break;
            case 256: for (int i = 0; i < n; i++) { out[i] = b.get(); } break;
            case 4: for (int i = 0; i < n; i++) { out[i] = b.getShort(); } break;
            case 512: for (int i = 0; i < n; i++) { out[i] = b.getShort() & 0xffff; } break;
            case 8: for (int i = 0; i < n; i++) { out[i] = b.getInt(); } break;
            case 768: for (int i = 0; i < n; i++) { out[i] = b.getInt() & 0xffffffffL; } break;
            case 16: for (int i = 0; i < n; i++) { out[i] = b.getFloat(); } break;
            case 64: for (int i = 0; i < n; i++) { out[i] = (float) b.getDouble(); } break;
            default: throw new IllegalStateException("datatype " + datatype);
        }
    }

    private static String cString(byte[] bytes, int off, int len) {
        int end = off;
        while (end < off + len && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, off, end - off, StandardCharsets.ISO_8859_1).trim();
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            sb.append(ch >= 32 && ch < 127 ? String.valueOf(ch) : String.format(Locale.ROOT, "\\x%02x", (int) ch));
        }
        return sb.toString();
    }
}
