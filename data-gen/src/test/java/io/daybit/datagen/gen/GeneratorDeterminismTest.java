package io.daybit.datagen.gen;

import io.daybit.datagen.profile.GeneratorConfig;
import io.daybit.engine.codec.BatchReader;
import io.daybit.engine.codec.DecodedLine;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.Order;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratorDeterminismTest {
    /** Big enough for several chunks of accounts per thread, small enough to be quick. */
    private static final GeneratorConfig CONFIG = GeneratorConfig.builder().accounts(8_200).days(30)
            .end(LocalDate.of(2025, 3, 31)).seed(99).lateShare(0.05).invalidShare(0.02).build();

    static byte[] ndjson(GeneratorConfig config, int threads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Generator(config).writeNdjson(out, threads, ProgressListener.NONE);
        return out.toByteArray();
    }

    @Test
    void sameConfigGivesTheSameBytes() {
        assertArrayEquals(ndjson(CONFIG, 1), ndjson(CONFIG, 1));
    }

    @Test
    void threadCountDoesNotChangeTheBytes() {
        byte[] one = ndjson(CONFIG, 1);
        assertArrayEquals(one, ndjson(CONFIG, 2));
        assertArrayEquals(one, ndjson(CONFIG, 3));
    }

    @Test
    void differentSeedGivesDifferentBytes() {
        byte[] a = ndjson(CONFIG, 2);
        byte[] b = ndjson(CONFIG.withSeed(100), 2);
        assertFalse(java.util.Arrays.equals(a, b));
        // not just a shifted copy: the first lines differ too
        assertFalse(firstLine(a).equals(firstLine(b)) && lastLine(a).equals(lastLine(b)));
    }

    @Test
    void aGeneratorRunTwiceRepeatsItsStream() {
        Generator generator = new Generator(CONFIG);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        generator.writeNdjson(first, 2, ProgressListener.NONE);
        generator.writeNdjson(second, 1, ProgressListener.NONE);
        assertArrayEquals(first.toByteArray(), second.toByteArray());
    }

    @Test
    void objectStreamHasTheEventsAndInvalidLinesOfTheFileInItsOrder() {
        List<Object> items = new ArrayList<>();
        GenerationStats stats = new Generator(CONFIG).stream(new EventSink() {
            @Override
            public void event(Event event) {
                items.add(event);
            }

            @Override
            public void invalidLine(String line) {
                items.add(line);
            }
        });
        List<DecodedLine> decoded = new BatchReader().readNdjson(ndjson(CONFIG, 2));
        assertEquals(items.size(), decoded.size());
        assertEquals(stats.lines(), decoded.size());
        java.util.Set<String> orderIds = new java.util.HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Event read = decoded.get(i).event();
            if (items.get(i) instanceof Event e) {
                assertEquals(e, read, "line " + (i + 1));
                if (e instanceof Order o) {
                    orderIds.add(o.orderId());
                }
            } else if (read instanceof Order o) {
                // well-formed, but re-sends an order_id already in the stream: rejected at ingest
                assertTrue(orderIds.contains(o.orderId()), "line " + (i + 1) + " should be rejected: " + items.get(i));
            } else {
                assertNull(read, "line " + (i + 1) + " should be rejected: " + items.get(i));
                assertNotNull(decoded.get(i).error());
            }
        }
    }

    @Test
    void lateAndInvalidSharesDoNotChangeTheValidEvents() {
        List<Event> plain = new ArrayList<>();
        new Generator(CONFIG.withLateShare(0).withInvalidShare(0)).forEach(plain::add);
        List<Event> noisy = new ArrayList<>();
        new Generator(CONFIG).forEach(noisy::add);
        // the same events, in another order
        java.util.Comparator<Event> order = java.util.Comparator.comparing(Event::account)
                .thenComparingLong(Event::tsMicros).thenComparing(Object::toString);
        plain.sort(order);
        noisy.sort(order);
        assertEquals(plain, noisy);
    }

    /**
     * The bytes of a small stream, pinned: it fails when the output changes on another machine or
     * JVM (which must never happen), or when the generator was changed on purpose (then update the
     * digest, and say so in the commit: every stored stream and benchmark baseline changes).
     * The same digest was obtained with OpenJDK 17.0.15 and Temurin 25.0.3, and from the command
     * line: {@code --accounts 500 --days 60 --end 2024-04-15 --timezone America/New_York --seed 7
     * --late-share 0.05 --invalid-share 0.05}.
     */
    @Test
    void outputIsPinned() throws NoSuchAlgorithmException {
        GeneratorConfig small = GeneratorConfig.builder().accounts(500).days(60).end(LocalDate.of(2024, 4, 15))
                .timezone(ZoneId.of("America/New_York")).seed(7).lateShare(0.05).invalidShare(0.05).build();
        byte[] bytes = ndjson(small, 2);
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertEquals(PINNED_DIGEST, digest, "generator output changed (" + bytes.length + " bytes)");
    }

    private static final String PINNED_DIGEST = "6fb289d8a4191794b8a34771f7e0f5a67c73f3575f1442405103d1fb46903947";

    private static String firstLine(byte[] b) {
        String s = new String(b, java.nio.charset.StandardCharsets.UTF_8);
        return s.substring(0, s.indexOf('\n'));
    }

    private static String lastLine(byte[] b) {
        String s = new String(b, java.nio.charset.StandardCharsets.UTF_8).stripTrailing();
        return s.substring(s.lastIndexOf('\n') + 1);
    }
}
