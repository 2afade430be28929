package io.daybit.datagen.io;

import io.daybit.datagen.gen.GenerationStats;
import io.daybit.datagen.gen.Generator;
import io.daybit.datagen.gen.ProgressListener;
import io.daybit.datagen.profile.GeneratorConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpLoaderTest {
    private static final GeneratorConfig SMALL = GeneratorConfig.builder().accounts(1500).days(30)
            .end(LocalDate.of(2025, 6, 30)).seed(3).invalidShare(0.02).build();

    private static HttpLoader loader(FakeDaybitServer server, double rate, int concurrency, int batch) {
        return new HttpLoader(new HttpLoader.Options(server.uri(), "load", rate, concurrency, batch, 5, "run1", null,
                Duration.ofSeconds(20)));
    }

    private static GenerationStats post(HttpLoader loader, GeneratorConfig config) throws IOException {
        try (OutputStream out = loader.batchingStream()) {
            return new Generator(config).writeNdjson(out, 2, ProgressListener.NONE);
        }
    }

    private static byte[] hubOpened(int i) {
        return ("{\"type\":\"hub_opened\",\"account\":\"a" + (i % 977) + "\",\"ts\":" + (1_700_000_000_000L + i * 1000L)
                + "}\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyLineArrivesInBatchesAndIsCounted() throws Exception {
        try (FakeDaybitServer server = new FakeDaybitServer()) {
            HttpLoader loader = loader(server, 0, 4, 700);
            assertTrue(loader.createDataset(ZoneId.of("Europe/Stockholm")));
            GenerationStats stats = post(loader, SMALL);
            LoadReport report = loader.finish();
            assertEquals(stats.lines(), report.sent());
            assertEquals(stats.events(), report.accepted());
            assertEquals(stats.invalidLines(), report.rejected());
            assertEquals(stats.events(), server.applied());
            assertEquals((stats.lines() + 699) / 700, report.batches());
            assertEquals(0, report.failedBatches());
            assertTrue(report.p50().compareTo(report.p99()) <= 0 && report.p99().compareTo(report.max()) <= 0);
            assertTrue(server.datasetsCreated.get(0).contains("\"timezone\":\"Europe/Stockholm\""));
        }
    }

    @Test
    void rateLimiterHoldsTheConfiguredRate() throws Exception {
        try (FakeDaybitServer server = new FakeDaybitServer()) {
            // 12,000 events/s in batches of 300: 40 batches a second
            HttpLoader loader = loader(server, 12_000, 8, 300);
            long start = System.nanoTime();
            try (OutputStream out = loader.batchingStream()) {
                for (int i = 0; i < 24_000; i++) {
                    out.write(hubOpened(i));
                }
            }
            LoadReport report = loader.finish();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(24_000, server.applied());
            // the first batch goes at once, each later one 25 ms after the previous: 79 gaps
            double expected = 79 * 0.025;
            // never faster than the rate; slower only when this (shared, busy) machine starves the threads
            assertTrue(seconds > expected * 0.97, "took " + seconds + " s, expected " + expected);
            assertTrue(seconds < expected * 2 + 1, "took " + seconds + " s, expected " + expected);
            long first;
            long last;
            synchronized (server.arrivals) {
                first = server.arrivals.get(0);
                last = server.arrivals.get(server.arrivals.size() - 1);
            }
            double rate = (24_000 - 300) / ((last - first) / 1e9);
            // never faster than asked; slower only by the scheduling delays of a busy machine
            assertTrue(rate < 1.1 * 12_000 && rate > 0.5 * 12_000, "server saw " + rate + " events/s");
            assertEquals(24_000, report.accepted());
        }
    }

    @Test
    void concurrencyIsBoundedAndTheServerSetsThePace() throws Exception {
        try (FakeDaybitServer server = new FakeDaybitServer()) {
            server.delayMillis = 40;
            HttpLoader loader = loader(server, 0, 3, 200);
            long start = System.nanoTime();
            try (OutputStream out = loader.batchingStream()) {
                for (int i = 0; i < 200 * 30; i++) {
                    out.write(hubOpened(i));
                }
            }
            loader.finish();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(3, server.maxInFlight.get());
            // 30 batches, 3 at a time, 40 ms each: at least 10 rounds
            assertTrue(seconds >= 0.4, "took " + seconds);
        }
    }

    @Test
    void overloadAndLostConnectionsAreRetriedWithTheSameKey() throws Exception {
        try (FakeDaybitServer server = new FakeDaybitServer()) {
            server.failure = (key, attempt) -> {
                int n = Integer.parseInt(key.substring(key.lastIndexOf('-') + 1));
                if (n % 3 == 0 && attempt == 1) {
                    return 503;
                }
                if (n % 5 == 0 && attempt <= 2) {
                    return 429;
                }
                if (n % 7 == 0 && attempt == 1) {
                    return -1;
                }
                return 0;
            };
            HttpLoader loader = loader(server, 0, 4, 500);
            GenerationStats stats = post(loader, SMALL);
            LoadReport report = loader.finish();
            assertEquals(0, report.failedBatches(), report.summary());
            assertEquals(stats.events(), report.accepted());
            assertEquals(stats.events(), server.applied()); // nothing applied twice
            long batches = report.batches();
            long expectedRetries = 0;
            for (int n = 1; n <= batches; n++) {
                int attempt = 1;
                while (server.failure.apply("run1-" + n, attempt) != 0) {
                    attempt++;
                }
                expectedRetries += attempt - 1;
            }
            assertEquals(expectedRetries, report.retries());
            assertEquals(batches + expectedRetries, server.requests.get());
            // every key was used for all the attempts of its batch and for nothing else
            assertEquals(batches, server.attempts.size());
        }
    }

    @Test
    void aBatchThatKeepsFailingIsReportedAndTheRestGoOn() throws Exception {
        try (FakeDaybitServer server = new FakeDaybitServer()) {
            server.failure = (key, attempt) -> key.endsWith("-2") ? 503 : 0;
            HttpLoader loader = new HttpLoader(new HttpLoader.Options(server.uri(), "load", 0, 2, 500, 2, "k", null,
                    Duration.ofSeconds(20)));
            GenerationStats stats = post(loader, SMALL);
            LoadReport report = loader.finish();
            assertEquals(1, report.failedBatches());
            assertEquals(500, report.failedLines());
            assertEquals(stats.lines(), report.sent());
            assertTrue(report.errors().stream().anyMatch(e -> e.contains("k-2") && e.contains("3 attempts")), report.summary());
        }
    }

    @Test
    void anUnknownDatasetStopsTheRun() throws Exception {
        try (FakeDaybitServer server = new FakeDaybitServer()) {
            HttpLoader loader = new HttpLoader(new HttpLoader.Options(
                    java.net.URI.create(server.uri() + "/nowhere"), "load", 0, 1, 100, 0, "k", null, Duration.ofSeconds(20)));
            byte[] body = hubOpened(1);
            loader.send(body, 1);
            loader.finish();
            assertTrue(loader.fatalError().orElseThrow().contains("404"));
            assertThrows(IllegalStateException.class, () -> loader.send(body, 1));
        }
    }

    @Test
    void anExistingDatasetIsFine() throws Exception {
        try (FakeDaybitServer server = new FakeDaybitServer()) {
            server.createStatus = body -> 409;
            assertEquals(false, loader(server, 0, 1, 10).createDataset(ZoneId.of("UTC")));
            server.createStatus = body -> 400;
            assertThrows(IOException.class, () -> loader(server, 0, 1, 10).createDataset(ZoneId.of("UTC")));
        }
    }

    @Test
    void limiterReservesSlotsBackToBack() {
        RateLimiter limiter = new RateLimiter(1000); // 1 ms a permit
        long t = 1_000_000_000L;
        assertEquals(0, limiter.reserve(10, t));
        assertEquals(10_000_000, limiter.reserve(5, t));
        assertEquals(15_000_000 - 2_000_000, limiter.reserve(1, t + 2_000_000));
        // after an idle spell nothing is saved up
        assertEquals(0, limiter.reserve(1, t + 5_000_000_000L));
        assertEquals(1_000_000, limiter.reserve(1, t + 5_000_000_000L));
        assertTrue(new RateLimiter(0).unlimited());
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(-1));
    }
}
