package dev.nabla.medical.data;

import java.io.IOException;

/**
 * An outside file that does not follow its format, or that declares something unsafe (sizes beyond the file or
 * a limit, negative or overflowing dimensions, paths escaping a folder). The message names the file, where, what
 * was expected and what was found. Every hardened reader of nn-medical throws this (or a subclass), never an
 * index or allocation error from deep inside.
 */
public class MalformedFileException extends IOException {
    /** {@code file: message}. */
    public MalformedFileException(String file, String message) {
        super(file + ": " + message);
    }

    /** {@code file: message}, with the underlying cause. */
    public MalformedFileException(String file, String message, Throwable cause) {
        super(file + ": " + message, cause);
    }
}
