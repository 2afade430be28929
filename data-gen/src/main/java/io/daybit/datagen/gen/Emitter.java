package io.daybit.datagen.gen;

import io.daybit.engine.codec.TimestampStyle;
import io.daybit.engine.model.Event;

/** Where a day generator puts its output: events with the style of their {@code ts}, and invalid lines. */
interface Emitter {
    void event(Event event, TimestampStyle style);

    void invalidLine(String line);
}
