package io.daybit.engine.codec;

import io.daybit.engine.model.Event;
import io.daybit.engine.model.HubOpened;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventEncoderTest {
    private static final List<String> ZONES = List.of("UTC", "Europe/Stockholm", "America/New_York",
            "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns", "Europe/Dublin", "Pacific/Apia",
            "Europe/Amsterdam", "America/Sao_Paulo");

    @Test
    void cachedTimestampsEqualTheFormatterAroundEveryTransition() {
        SplittableRandom random = new SplittableRandom(42);
        for (String name : ZONES) {
            ZoneId zone = ZoneId.of(name);
            List<Long> instants = new ArrayList<>();
            for (ZoneOffsetTransition t : zone.getRules().getTransitions()) {
                long sec = t.toEpochSecond();
                for (long d : new long[] {-86_401, -3601, -1, 0, 1, 3599, 86_399}) {
                    instants.add((sec + d) * 1_000_000L);
                }
            }
            for (int i = 0; i < 20_000; i++) {
                long millis = random.nextLong(Instant.parse("1800-01-01T00:00:00Z").toEpochMilli(),
                        Instant.parse("2100-01-01T00:00:00Z").toEpochMilli());
                instants.add(millis * 1000L + (i % 7 == 0 ? random.nextInt(1000) : 0));
            }
            instants.sort(null); // sorted input exercises the cache hits, the random below its misses
            for (int i = 0; i < 2000; i++) {
                instants.add(instants.get(random.nextInt(instants.size())));
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (EventEncoder encoder = new EventEncoder(bytes, zone)) {
                for (long ts : instants) {
                    encoder.write(new HubOpened("a", ts, null));
                }
            }
            String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String expected = "\"ts\":\"" + EventEncoder.formatTimestamp(instants.get(i), zone) + "\"";
                assertTrue(lines[i].contains(expected), name + ": " + lines[i] + " should contain " + expected);
            }
        }
    }

    @Test
    void everyTimestampStyleDecodesToTheSameInstant() {
        SplittableRandom random = new SplittableRandom(7);
        ZoneId zone = ZoneId.of("America/New_York");
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            long millis = random.nextLong(-5_000_000_000_000L, 5_000_000_000_000L);
            events.add(new HubOpened("acc-" + i, millis * 1000L + (i % 5 == 0 ? random.nextInt(1, 1000) : 0), null));
        }
        for (TimestampStyle style : TimestampStyle.values()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (EventEncoder encoder = new EventEncoder(bytes, zone)) {
                for (Event e : events) {
                    encoder.write(e, style);
                }
            }
            List<DecodedLine> decoded = new BatchReader().readNdjson(bytes.toByteArray());
            assertEquals(events.size(), decoded.size());
            for (int i = 0; i < events.size(); i++) {
                assertEquals(events.get(i), decoded.get(i).event(), style + " line " + (i + 1));
            }
        }
    }

    @Test
    void historicalOffsetsWithSecondsKeepTheInstant() {
        long micros = Instant.parse("1850-06-01T12:00:00Z").getEpochSecond() * 1_000_000L;
        String text = EventEncoder.formatTimestamp(micros, ZoneId.of("Europe/Amsterdam"));
        assertEquals(micros, TimestampParser.parseIsoMicros(text), text);
    }

    @Test
    void utcStyleWritesZ() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (EventEncoder encoder = new EventEncoder(bytes, ZoneOffset.ofHours(2))) {
            encoder.write(new HubOpened("a", 1_700_000_000_123_000L, null), TimestampStyle.UTC);
            encoder.write(new HubOpened("a", 1_700_000_000_123_000L, null), TimestampStyle.EPOCH_MILLIS);
            encoder.write(new HubOpened("a", 1_700_000_000_123_000L, null));
        }
        assertEquals("""
                {"type":"hub_opened","account":"a","ts":"2023-11-14T22:13:20.123Z"}
                {"type":"hub_opened","account":"a","ts":1700000000123}
                {"type":"hub_opened","account":"a","ts":"2023-11-15T00:13:20.123+02:00"}
                """, bytes.toString(StandardCharsets.UTF_8));
    }
}
