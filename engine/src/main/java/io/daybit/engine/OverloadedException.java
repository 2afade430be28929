package io.daybit.engine;

/**
 * Ingest arrives faster than the single writer applies it: the batch was refused before it was
 * queued, and nothing of it is applied or stored. Retrying the same batch later (with the same
 * idempotency key) is safe. The server answers it with {@code 429 Too Many Requests} and
 * {@code Retry-After}.
 */
public final class OverloadedException extends DaybitException {
    private static final long serialVersionUID = 1L;

    public OverloadedException(String message) {
        super(message);
    }
}
