package io.daybit.engine;

/**
 * The root of the engine's unchecked exceptions. The server maps each subclass to one HTTP status;
 * the engine itself knows nothing of HTTP.
 */
public class DaybitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DaybitException(String message) {
        super(message);
    }

    public DaybitException(String message, Throwable cause) {
        super(message, cause);
    }
}
