package io.daybit.engine;

/** The engine cannot take the request now (overloaded, disk full, closed); retrying later may work. */
public final class UnavailableException extends DaybitException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
