package io.daybit.engine.persist;

/**
 * A file in the data directory is intact (its checksum matches) but in a format version this
 * build does not read: written by another Daybit version. Unlike {@link CorruptDataException} it
 * is never answered by falling back to older files or truncating: loading stops with a message
 * naming the file and both versions.
 */
final class UnsupportedFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedFormatException(String what, java.nio.file.Path file, int found, int supported) {
        super(file + " has " + what + " format version " + found + "; this build reads version " + supported
                + " only (written by another Daybit version)");
    }
}
