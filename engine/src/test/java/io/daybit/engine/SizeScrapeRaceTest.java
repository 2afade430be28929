package io.daybit.engine;

import io.daybit.engine.model.Event;
import io.daybit.engine.model.HubOpened;
import io.daybit.engine.model.Order;
import io.daybit.engine.model.OrderLine;
import io.daybit.engine.model.SalesChannel;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Dataset#sizeInBytes} is what every {@code /metrics} scrape reads, from any number of
 * threads at once, under the read lock only. Agrona's maps hand out one shared iterator per map,
 * so iterating them there let concurrent scrapes reset each other's position: a scrape counted
 * blocks twice, skipped them, or failed outright. Scrapers here run beside each other and beside
 * ingest; every scrape must succeed, and once ingest stops every scrape must give the same size.
 */
class SizeScrapeRaceTest {
    private static final LocalDate FIRST = LocalDate.of(2020, 1, 1);
    private static final int DAYS = 1_500;
    private static final int SCRAPERS = 4;

    /** Hub openings and orders spread over {@link #DAYS} days: thousands of bitmaps and plane rows to walk. */
    private static List<Event> batch(int b, int accounts) {
        long day0 = FIRST.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
        long dayMicros = 86_400_000_000L;
        List<Event> events = new ArrayList<>();
        for (int j = 0; j < accounts; j++) {
            String a = "a" + ((b * 7919L + j * 31L) % 5_000);
            long ts = day0 + ((b * 97L + j * 13L) % DAYS) * dayMicros + j;
            events.add(new HubOpened(a, ts, null));
            events.add(new Order(a, ts + 1_000, null, "o-" + b + "-" + j, SalesChannel.WEB, null, j % 2 == 0,
                    List.of(new OrderLine("P", 1, 100 + j, 0, true))));
        }
        return events;
    }

    @Test
    void concurrentScrapesDuringIngestAllSucceedAndAgreeOnceIngestStops() throws Exception {
        try (Engine engine = Engine.inMemory()) {
            Dataset d = engine.createDataset("scraped", DatasetSettings.defaults());
            for (int b = 0; b < 40; b++) {
                d.ingest(batch(b, 200));
            }
            ExecutorService pool = Executors.newFixedThreadPool(SCRAPERS + 1);
            try {
                AtomicBoolean ingesting = new AtomicBoolean(true);
                ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
                CountDownLatch start = new CountDownLatch(1);
                Future<?> writer = pool.submit(() -> {
                    start.await();
                    for (int b = 40; b < 140; b++) {
                        d.ingest(batch(b, 50));
                    }
                    ingesting.set(false);
                    return null;
                });
                List<Future<?>> scrapers = new ArrayList<>();
                for (int s = 0; s < SCRAPERS; s++) {
                    scrapers.add(pool.submit(() -> {
                        start.await();
                        while (ingesting.get()) {
                            try {
                                assertTrue(d.sizeInBytes() > 0);
                            } catch (Throwable t) {
                                failures.add(t);
                                return null;
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                writer.get(60, TimeUnit.SECONDS);
                for (Future<?> f : scrapers) {
                    f.get(60, TimeUnit.SECONDS);
                }
                assertTrue(failures.isEmpty(), () -> "scrapes failed during ingest: " + failures);

                long expected = d.sizeInBytes();
                List<Future<List<Long>>> quiet = new ArrayList<>();
                CountDownLatch together = new CountDownLatch(1);
                for (int s = 0; s < SCRAPERS; s++) {
                    quiet.add(pool.submit(() -> {
                        together.await();
                        List<Long> sizes = new ArrayList<>();
                        for (int i = 0; i < 300; i++) {
                            sizes.add(d.sizeInBytes());
                        }
                        return sizes;
                    }));
                }
                together.countDown();
                for (Future<List<Long>> f : quiet) {
                    for (long size : f.get(60, TimeUnit.SECONDS)) {
                        assertEquals(expected, size, "a scrape beside other scrapes saw another size");
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
