package io.daybit.engine.persist;

/**
 * A file in the data directory is not what Daybit wrote: a checksum does not match, a record runs
 * past the end of its file, or its content cannot be decoded. Recovery catches it to truncate a
 * torn log tail or fall back to an older snapshot; it reaches the caller only when no fallback is
 * left.
 */
final class CorruptDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CorruptDataException(String message) {
        super(message);
    }
}
