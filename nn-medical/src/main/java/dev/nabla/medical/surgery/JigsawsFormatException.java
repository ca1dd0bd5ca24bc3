package dev.nabla.medical.surgery;

import java.io.IOException;
import java.nio.file.Path;

/** A JIGSAWS file that does not follow the layout; the message names the file and the 1-based line. */
public final class JigsawsFormatException extends IOException {
    private final Path file;
    private final int line;

    public JigsawsFormatException(Path file, int line, String message) {
        super(file + ":" + line + ": " + message);
        this.file = file;
        this.line = line;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }

    /** The offending line, 1-based (0 when the problem is the file as a whole). */
    public int line() {
        return line;
    }
}
