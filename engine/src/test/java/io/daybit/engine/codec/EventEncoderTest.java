package io.daybit.engine.codec;

import io.daybit.engine.model.AccountCreated;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.ConsentChanged;
import io.daybit.engine.model.ContactChanged;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.HubOpened;
import io.daybit.engine.model.HubProductInteraction;
import io.daybit.engine.model.Order;
import io.daybit.engine.model.OrderLine;
import io.daybit.engine.model.ProductAction;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.model.ServiceAction;
import io.daybit.engine.model.ServiceInteraction;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    void stringsWithEscapesAndAnyUnicodeSurviveTheRoundTrip() {
        List<String> strings = List.of("plain", "quote\"back\\slash", "ctl\u0001\b\t\n\f\r\u001f\u007f",
                "ünïcødé €", "emoji \uD83D\uDE00 and \uD834\uDD1E", "lone \uD800 surrogate \uDC00", "ö".repeat(128),
                "x".repeat(100_000));
        List<Event> events = new ArrayList<>();
        for (String s : strings) {
            String account = s.length() > 128 ? s.substring(0, 128) : s;
            events.add(new HubOpened(account, 1_700_000_000_123_000L, s));
            events.add(new Order(account, 1_700_000_000_123_456L, null, s, SalesChannel.STORE, s, true,
                    List.of(new OrderLine(s, Long.MIN_VALUE / 2, Long.MAX_VALUE, Long.MAX_VALUE, true),
                            new OrderLine("p", -3, -1999, 0, false))));
            events.add(new HubProductInteraction(account, -1_000_000L, null, s, ProductAction.BUY_AGAIN));
            events.add(new AccountCreated(account, 0, null, Set.of(Channel.SMS, Channel.EMAIL),
                    Map.of(Channel.PUSH, false, Channel.EMAIL, true)));
            events.add(new ConsentChanged(account, 1, null, Channel.PUSH, true));
            events.add(new ContactChanged(account, 1000, null, Channel.SMS, false));
            events.add(new ServiceInteraction(account, -1000, null, ServiceAction.CHAT_STARTED));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (EventEncoder encoder = new EventEncoder(bytes, ZoneId.of("Asia/Kolkata"))) {
            for (Event e : events) {
                encoder.write(e);
            }
        }
        List<DecodedLine> decoded = new BatchReader().readNdjson(bytes.toByteArray());
        assertEquals(events.size(), decoded.size());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(events.get(i), decoded.get(i).event(), "line " + (i + 1) + ": " + decoded.get(i).error());
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
