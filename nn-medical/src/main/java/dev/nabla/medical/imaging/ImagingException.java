package dev.nabla.medical.imaging;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An image file that cannot be read as asked: unsupported format or transfer syntax, a truncated or corrupt
 * file, a wrong modality, or volumes that do not match. The message always names the file (when there is
 * one) and the problem, e.g. {@code scan.dcm: compressed transfer syntax 1.2.840.10008.1.2.5 (RLE Lossless)
 * is not supported; decompress it first (e.g. dcmdjpeg / gdcmconv --raw)}.
 */
public final class ImagingException extends IOException {
    private final transient Path file;

    /** A problem with {@code file} (may be null when no file is involved). */
    public ImagingException(Path file, String problem) {
        super(file == null ? problem : file + ": " + problem);
        this.file = file;
    }

    /** As {@link #ImagingException(Path, String)}, keeping the low-level cause. */
    public ImagingException(Path file, String problem, Throwable cause) {
        super(file == null ? problem : file + ": " + problem, cause);
        this.file = file;
    }

    /** The offending file, or null. */
    public Path file() {
        return file;
    }
}
