package io.daybit.datagen.gen;

import io.daybit.engine.model.EventType;

import java.util.EnumMap;
import java.util.Map;

/**
 * What a generation run produced.
 *
 * @param events       valid events
 * @param invalidLines invalid lines (each one an event the engine rejects)
 * @param lateEvents   valid events that arrived on a later day than their own
 * @param bytes        bytes written, or 0 when nothing was encoded
 * @param byType       valid events per type (every type present, possibly 0)
 */
public record GenerationStats(long events, long invalidLines, long lateEvents, long bytes, Map<EventType, Long> byType) {
    public GenerationStats {
        byType = Map.copyOf(byType);
    }

    /** Lines of output: valid events and invalid lines. */
    public long lines() {
        return events + invalidLines;
    }

    /** Valid events of one type. */
    public long count(EventType type) {
        return byType.getOrDefault(type, 0L);
    }

    static GenerationStats of(long[] byType, long invalidLines, long lateEvents, long bytes) {
        Map<EventType, Long> map = new EnumMap<>(EventType.class);
        long events = 0;
        for (EventType t : EventType.values()) {
            map.put(t, byType[t.ordinal()]);
            events += byType[t.ordinal()];
        }
        return new GenerationStats(events, invalidLines, lateEvents, bytes, map);
    }
}
