package io.daybit.engine;

/** Creating something that exists already, e.g. a dataset. */
public final class ConflictException extends DaybitException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }
}
