package io.daybit.engine;

import io.daybit.engine.ingest.IngestResult;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.HubOpened;
import io.daybit.engine.query.Comparison;
import io.daybit.engine.query.TimeSpec;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ingest faster than the writer applies it is refused with {@link OverloadedException} before it is
 * queued, by lines and by batches waiting, and nothing of a refused batch is ever applied; a retry
 * with the same key later is applied once. The writer is held busy on purpose so that the queue
 * fills deterministically.
 */
class IngestBackpressureTest {
    private static final LocalDate DAY = LocalDate.of(2025, 3, 1);

    /** {@code n} hub openings of distinct accounts named after the batch, on DAY. */
    private static List<Event> batch(String name, int n) {
        long ts = DAY.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new HubOpened(name + "-" + i, ts + i, null));
        }
        return events;
    }

    private static long activeAccounts(Dataset d) {
        return d.hubOverview(TimeSpec.of(DAY, DAY).compare(Comparison.none()).today(DAY)).activeAccounts().value();
    }

    /** Holds the writer inside a change until the returned latch is counted down. */
    private static CountDownLatch holdWriter(Dataset d, ExecutorService pool) throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pool.submit(() -> DatasetInternals.writer(d).call(() -> {
            entered.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertTrue(entered.await(30, TimeUnit.SECONDS), "the writer never ran the holding change");
        return release;
    }

    /** Submits a batch on its own thread; returns once it is either refused or waiting for the writer. */
    private static Future<IngestResult> submit(ExecutorService pool, Dataset d, String name, int lines)
            throws InterruptedException {
        long before = DatasetInternals.writer(d).queuedLines();
        Future<IngestResult> f = pool.submit(() -> d.ingest(batch(name, lines), name));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!f.isDone() && DatasetInternals.writer(d).queuedLines() == before) {
            assertTrue(System.nanoTime() < deadline, "batch " + name + " neither queued nor refused");
            Thread.sleep(1);
        }
        return f;
    }

    /** The writer counts a group's lines off once it has answered the whole group: just after the answers. */
    private static void awaitEmptyQueue(Dataset d) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (DatasetInternals.writer(d).queuedLines() != 0) {
            assertTrue(System.nanoTime() < deadline, "the answered batches' lines still count as waiting");
            Thread.sleep(1);
        }
    }

    private static void assertRefused(Future<IngestResult> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        assertInstanceOf(OverloadedException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("nothing of the batch was applied"), e.getCause().getMessage());
    }

    @Test
    void batchesPastTheLineBoundAreRefusedAndNeverAppliedAndTheirRetriesApplyOnce() throws Exception {
        EngineConfig config = EngineConfig.inMemory().withIngestQueue(new EngineConfig.IngestQueue(64, 100));
        ExecutorService pool = Executors.newCachedThreadPool();
        try (Engine engine = Engine.open(config)) {
            Dataset d = engine.createDataset("bp", DatasetSettings.defaults());
            CountDownLatch release = holdWriter(d, pool);
            List<Future<IngestResult>> waiting = new ArrayList<>();
            for (int b = 0; b < 3; b++) {
                waiting.add(submit(pool, d, "in" + b, 30));
            }
            assertEquals(90, DatasetInternals.writer(d).queuedLines());
            for (Future<IngestResult> f : waiting) {
                assertFalse(f.isDone(), "an accepted batch is answered only once the writer applied it");
            }
            List<Future<IngestResult>> refused = new ArrayList<>();
            for (int b = 0; b < 5; b++) {
                refused.add(submit(pool, d, "out" + b, 30));
            }
            for (Future<IngestResult> f : refused) {
                assertRefused(f);
            }
            assertEquals(90, DatasetInternals.writer(d).queuedLines(), "a refused batch holds no place");
            release.countDown();
            for (Future<IngestResult> f : waiting) {
                assertEquals(30, f.get(30, TimeUnit.SECONDS).accepted());
            }
            assertEquals(90, activeAccounts(d), "exactly the three accepted batches are applied");
            awaitEmptyQueue(d);

            for (int b = 0; b < 5; b++) {
                assertEquals(30, d.ingest(batch("out" + b, 30), "out" + b).accepted());
            }
            assertEquals(30, d.ingest(batch("in0", 30), "in0").accepted(), "a retry gets the first answer");
            assertEquals(240, activeAccounts(d));
            assertEquals(240, d.info().events(), "every batch once, none twice");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void batchesPastTheBatchBoundAreRefusedWhileTheWriterIsBusy() throws Exception {
        EngineConfig config = EngineConfig.inMemory().withIngestQueue(new EngineConfig.IngestQueue(4, 1_000_000));
        ExecutorService pool = Executors.newCachedThreadPool();
        try (Engine engine = Engine.open(config)) {
            Dataset d = engine.createDataset("bp", DatasetSettings.defaults());
            CountDownLatch release = holdWriter(d, pool);
            List<Future<IngestResult>> waiting = new ArrayList<>();
            for (int b = 0; b < 4; b++) {
                waiting.add(submit(pool, d, "in" + b, 1));
            }
            assertRefused(submit(pool, d, "out", 1));
            release.countDown();
            for (Future<IngestResult> f : waiting) {
                assertEquals(1, f.get(30, TimeUnit.SECONDS).accepted());
            }
            assertEquals(4, d.info().events());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBatchLargerThanTheBoundIsTakenWhenNothingWaits() {
        EngineConfig config = EngineConfig.inMemory().withIngestQueue(new EngineConfig.IngestQueue(4, 10));
        try (Engine engine = Engine.open(config)) {
            Dataset d = engine.createDataset("bp", DatasetSettings.defaults());
            assertEquals(500, d.ingest(batch("big", 500)).accepted());
            assertEquals(500, activeAccounts(d));
        }
    }

    @Test
    void boundsThatHoldNothingAreRefusedNamingTheSetting() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> new EngineConfig.IngestQueue(0, 10));
        assertEquals(List.of("ingest_queue_batches"), e.params());
        e = assertThrows(InvalidRequestException.class, () -> new EngineConfig.IngestQueue(4, 0));
        assertEquals(List.of("ingest_queue_events"), e.params());
    }
}
