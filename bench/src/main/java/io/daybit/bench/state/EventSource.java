package io.daybit.bench.state;

import io.daybit.datagen.gen.Generator;
import io.daybit.engine.model.Event;

import java.util.List;
import java.util.function.Consumer;

/**
 * A deterministic stream of valid events: the same source gives the same events in the same order
 * every time, so that Daybit and DuckDB can be loaded from two passes over it.
 */
public interface EventSource {
    /**
     * Streams every event, in lists of at most {@code size} events that the consumer may keep.
     *
     * @return the number of events streamed
     */
    long batches(int size, Consumer<List<Event>> sink);

    /** The events data-gen generates for a profile (valid events only). */
    static EventSource of(Profile profile) {
        Generator generator = new Generator(profile.config());
        return (size, sink) -> generator.batches(size, sink).events();
    }
}
