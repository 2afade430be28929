package io.daybit.engine;

/**
 * An unknown dataset, persona or other named thing. {@link #param()} names the request parameter
 * that named it (in the HTTP API's spelling: {@code ds} for a dataset, {@code persona} for a persona).
 */
public final class NotFoundException extends DaybitException {
    private static final long serialVersionUID = 1L;
    /** The parameter of a dataset's name: the {@code {ds}} of the HTTP API's paths. */
    public static final String DATASET_PARAM = "ds";

    private final String param;

    public NotFoundException(String message) {
        this(message, null);
    }

    public NotFoundException(String message, String param) {
        super(message);
        this.param = param;
    }

    /** The parameter that named the missing thing, or null. */
    public String param() {
        return param;
    }
}
