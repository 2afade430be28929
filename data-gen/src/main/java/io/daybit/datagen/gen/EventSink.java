package io.daybit.datagen.gen;

import io.daybit.engine.model.Event;

/**
 * Receives a generated stream in order: valid events, and (when the configuration asks for
 * invalid ones) raw lines that the engine must reject, at the place in the stream where they
 * belong. Called from one thread at a time.
 */
public interface EventSink {
    /** The next valid event. */
    void event(Event event);

    /** The next line, an invalid event as raw NDJSON text without its newline. Ignored by default. */
    default void invalidLine(String line) {
    }
}
