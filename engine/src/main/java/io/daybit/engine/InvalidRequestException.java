package io.daybit.engine;

import java.util.List;

/**
 * A malformed or contradictory request parameter or setting. {@link #params()} names the
 * parameters at fault (in the HTTP API's spelling), the message says what was wrong and what is
 * allowed.
 */
public final class InvalidRequestException extends DaybitException {
    private static final long serialVersionUID = 1L;
    private final List<String> params;

    public InvalidRequestException(String message, String... params) {
        super(message);
        this.params = List.of(params);
    }

    /** The parameters at fault, the most specific first; possibly empty. */
    public List<String> params() {
        return params;
    }
}
