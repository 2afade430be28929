package io.daybit.engine.codec;

/**
 * An event that breaks METRICS.md §2; the message names the field or value at fault. Thrown per
 * invalid event on the decoding path, so it carries no stack trace.
 */
public final class InvalidEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidEventException(String reason) {
        super(reason, null, false, false);
    }
}
