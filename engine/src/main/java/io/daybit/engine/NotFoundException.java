package io.daybit.engine;

/** An unknown dataset, persona or other named thing. */
public final class NotFoundException extends DaybitException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }
}
