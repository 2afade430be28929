package io.daybit.engine.codec;

import io.daybit.engine.model.Event;

/**
 * A line of a batch after decoding: either an event or the reason it is invalid.
 *
 * @param line  1-based line number
 * @param event the decoded event, or {@code null} when invalid
 * @param error why the line is invalid, or {@code null}
 */
public record DecodedLine(int line, Event event, String error) {
    /** Whether the line decoded into an event. */
    public boolean isValid() {
        return event != null;
    }
}
