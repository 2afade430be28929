package io.daybit.engine.persist;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.model.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Measures what durability costs: ingest with and without a data directory (batches of 10,000
 * events from one thread, the writer's own speed), and the time to restart (open the directory
 * and replay the log). Heavy, so it runs only on request:
 *
 * <pre>
 * mvn -o -pl engine test -Dtest=DurabilityMeasurementTest -Ddaybit.measure=true \
 *     -Ddaybit.measure.accounts=100000 -Ddaybit.measure.days=730
 * </pre>
 *
 * It checks what it measures: the restarted dataset answers like the in-memory one.
 */
@EnabledIfSystemProperty(named = "daybit.measure", matches = "true")
class DurabilityMeasurementTest {
    @TempDir
    Path dir;

    @Test
    void durableIngestAndRestartAtScale() throws IOException {
        int accounts = Integer.getInteger("daybit.measure.accounts", 100_000);
        int days = Integer.getInteger("daybit.measure.days", 730);
        double share = Double.parseDouble(System.getProperty("daybit.measure.share", "0.06"));
        long t0 = System.nanoTime();
        List<List<Event>> batches = ScaleEvents.batches(accounts, days, share, 10_000, 42);
        long events = batches.stream().mapToLong(List::size).sum();
        System.out.printf("generated %,d events in %d batches (%d accounts x %d days) in %.1f s%n", events,
                batches.size(), accounts, days, (System.nanoTime() - t0) / 1e9);

        double memoryRate;
        List<Object> expected;
        var first = ScaleEvents.END.minusDays(days - 1L);
        try (Engine memory = Engine.inMemory()) {
            Dataset m = memory.createDataset("scale", DatasetSettings.defaults());
            long start = System.nanoTime();
            for (List<Event> b : batches) {
                m.ingest(b);
            }
            memoryRate = events / ((System.nanoTime() - start) / 1e9);
            expected = EngineAnswers.of(m, first, ScaleEvents.END, 1);
        }
        System.gc();
        double durableRate;
        try (Engine disk = Engine.persistent(dir)) {
            Dataset d = disk.createDataset("scale", DatasetSettings.defaults());
            long start = System.nanoTime();
            for (int i = 0; i < batches.size(); i++) {
                d.ingest(batches.get(i), "b" + i);
            }
            durableRate = events / ((System.nanoTime() - start) / 1e9);
        }
        long logBytes;
        try (Stream<Path> files = Files.walk(dir)) {
            logBytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf("ingest, batches of 10,000 from one thread: in memory %,.0f events/s, durable %,.0f "
                + "events/s (%.0f%%); data directory %,d bytes (%.1f bytes/event)%n", memoryRate, durableRate,
                100 * durableRate / memoryRate, logBytes, (double) logBytes / events);
        batches = null;
        System.gc();
        long start = System.nanoTime();
        try (Engine reopened = Engine.persistent(dir)) {
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("restart (open + replay %,d events): %.2f s, %,.0f events/s%n", events, seconds,
                    events / seconds);
            assertEquals(expected, EngineAnswers.of(reopened.dataset("scale"), first, ScaleEvents.END, 1));
        }
    }
}
