package io.daybit.engine.codec;

import io.daybit.engine.model.Event;

import java.io.ByteArrayOutputStream;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every decoded batch must satisfy, whatever bytes it came from: each line is an event or a
 * reason, never both and never neither; line numbers rise; and every event decoded survives
 * encode → decode → encode unchanged (so what the engine accepts it can also write back, to a
 * client or a log, without loss).
 */
final class CodecInvariants {
    private static final ZoneId[] ZONES = {ZoneOffset.UTC, ZoneId.of("Australia/Lord_Howe"), ZoneId.of("America/St_Johns")};

    private CodecInvariants() {
    }

    /** Checks the lines of one decoded batch; returns its events. */
    static List<Event> wellFormed(List<DecodedLine> lines) {
        List<Event> events = new ArrayList<>();
        int previous = 0;
        for (DecodedLine l : lines) {
            assertTrue(l.line() > previous, () -> "line numbers rise: " + lines);
            previous = l.line();
            if (l.isValid()) {
                assertNull(l.error(), "a valid line has no reason");
                events.add(l.event());
            } else {
                assertNotNull(l.error(), "an invalid line has a reason");
                assertFalse(l.error().isBlank(), "an invalid line's reason is not blank");
            }
        }
        return events;
    }

    /** Encodes the events in a zone chosen by {@code zoneIndex}, decodes them, and encodes them again. */
    static void roundTrips(List<Event> events, int zoneIndex) {
        if (events.isEmpty()) {
            return;
        }
        ZoneId zone = ZONES[Math.floorMod(zoneIndex, ZONES.length)];
        byte[] encoded = encode(events, zone);
        List<DecodedLine> again = new BatchReader().readNdjson(encoded);
        List<Event> decoded = new ArrayList<>();
        for (DecodedLine l : again) {
            assertTrue(l.isValid(), () -> "an encoded event decodes again: line " + l.line() + " " + l.error()
                    + " in\n" + new String(encoded, java.nio.charset.StandardCharsets.UTF_8));
            decoded.add(l.event());
        }
        assertEquals(events, decoded, "encode then decode gives the same events");
        assertArrayEquals(encoded, encode(decoded, zone), "encoding is stable");
    }

    private static byte[] encode(List<Event> events, ZoneId zone) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EventEncoder enc = new EventEncoder(out, zone)) {
            for (Event e : events) {
                enc.write(e);
            }
        }
        return out.toByteArray();
    }
}
