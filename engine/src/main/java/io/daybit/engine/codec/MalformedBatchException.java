package io.daybit.engine.codec;

/** A batch whose framing is broken (e.g. a JSON array that is not valid JSON): nothing of it is applied. */
public final class MalformedBatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedBatchException(String message) {
        super(message);
    }
}
