package io.daybit.engine.persist;

import io.daybit.engine.codec.BatchReader;
import io.daybit.engine.codec.DecodedLine;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.EventType;
import io.daybit.engine.model.Order;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A small, fixed sample of valid events of every type (the first valid lines of the golden
 * events, order ids distinct), for the tests of the stored file formats.
 */
final class SampleEvents {
    private SampleEvents() {
    }

    /** The first {@code n} valid events of the golden file with distinct order ids; every type among them. */
    static List<Event> first(int n) {
        byte[] golden;
        try (InputStream in = SampleEvents.class.getResourceAsStream("/golden/events.ndjson")) {
            golden = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Event> events = new ArrayList<>();
        Set<String> orderIds = new HashSet<>();
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (DecodedLine l : new BatchReader().readNdjson(golden)) {
            if (events.size() == n) {
                break;
            }
            Event e = l.event();
            if (e != null && (!(e instanceof Order o) || orderIds.add(o.orderId()))) {
                events.add(e);
                types.add(e.type());
            }
        }
        if (!types.equals(EnumSet.allOf(EventType.class))) {
            throw new IllegalStateException("the first " + n + " golden events lack some types: only " + types);
        }
        return events;
    }
}
