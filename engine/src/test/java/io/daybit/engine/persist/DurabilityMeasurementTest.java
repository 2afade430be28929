package io.daybit.engine.persist;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.EngineConfig;
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
 * events from one thread, the writer's own speed), and the time to restart (open the directory,
 * load the snapshot, replay the log after it; and, for comparison, replay the whole log). Heavy,
 * so it runs only on request:
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
        var first = ScaleEvents.END.minusDays(days - 1L);

        // alternate the two, best of three each: the machine is shared, its load changes by the minute
        double memoryRate = 0;
        double durableRate = 0;
        List<Object> expected = null;
        Path data = null;
        for (int round = 0; round < 3; round++) {
            try (Engine memory = Engine.inMemory()) {
                Dataset m = memory.createDataset("scale", DatasetSettings.defaults());
                long start = System.nanoTime();
                for (List<Event> b : batches) {
                    m.ingest(b);
                }
                memoryRate = Math.max(memoryRate, events / ((System.nanoTime() - start) / 1e9));
                if (round == 2) {
                    expected = EngineAnswers.of(m, first, ScaleEvents.END, 1);
                }
            }
            System.gc();
            data = dir.resolve("round-" + round);
            Engine disk = Engine.persistent(data);
            Dataset d = disk.createDataset("scale", DatasetSettings.defaults());
            long start = System.nanoTime();
            for (int i = 0; i < batches.size(); i++) {
                d.ingest(batches.get(i), "b" + i);
            }
            durableRate = Math.max(durableRate, events / ((System.nanoTime() - start) / 1e9));
            long closing = System.nanoTime();
            disk.close();
            if (round == 2) {
                System.out.printf("clean stop (writes the final snapshot): %.2f s%n", (System.nanoTime() - closing) / 1e9);
            }
            System.gc();
        }
        System.out.printf("ingest, batches of 10,000 from one thread, best of 3: in memory %,.0f events/s, durable "
                + "%,.0f events/s (%.0f%%)%n", memoryRate, durableRate, 100 * durableRate / memoryRate);
        System.out.printf("data directory: %s%n", sizes(data));
        batches = null;
        System.gc();
        long start = System.nanoTime();
        try (Engine reopened = Engine.persistent(data)) {
            System.out.printf("restart from the snapshot (%,d events): %.2f s%n", events,
                    (System.nanoTime() - start) / 1e9);
            assertEquals(expected, EngineAnswers.of(reopened.dataset("scale"), first, ScaleEvents.END, 1));
        }
        // the same restart had the process been killed before its first snapshot: the whole log
        boolean wholeLog = PersistentEngineTest.segments(data, "scale").get(0).getFileName().toString()
                .startsWith("00000000000000000001");
        if (wholeLog) {
            PersistentEngineTest.killedBeforeAnySnapshot(data, "scale");
            System.gc();
            start = System.nanoTime();
            try (Engine replayed = Engine.open(EngineConfig.persistent(data).withSnapshotEveryLogBytes(Long.MAX_VALUE))) {
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("restart from the log alone: %.2f s, %,.0f events/s%n", seconds, events / seconds);
                assertEquals(expected, EngineAnswers.of(replayed.dataset("scale"), first, ScaleEvents.END, 1));
            }
        }
    }

    /**
     * The full profile, streamed (too big to hold as events): durable ingest, a clean stop, a
     * restart; and with {@code -Ddaybit.measure.full.memory=true}, in-memory ingest of the same
     * stream. Run with {@code -Ddaybit.measure.full=true}; needs a few GiB of heap.
     */
    @Test
    @EnabledIfSystemProperty(named = "daybit.measure.full", matches = "true")
    void fullProfileRestart() throws IOException {
        int accounts = Integer.getInteger("daybit.measure.accounts", 1_000_000);
        int days = Integer.getInteger("daybit.measure.days", 730);
        double share = Double.parseDouble(System.getProperty("daybit.measure.share", "0.06"));
        long[] events = {0};
        Path data = dir.resolve("full");
        // index files sized for the data, as an operator would (--expected-accounts / --expected-orders)
        EngineConfig sized = EngineConfig.persistent(data).withExpectedSize(accounts, 4L * accounts);
        long start = System.nanoTime();
        Engine disk = Engine.open(sized);
        {
            Dataset d = disk.createDataset("scale", DatasetSettings.defaults());
            int[] n = {0};
            ScaleEvents.stream(accounts, days, share, 10_000, 42, b -> {
                d.ingest(b, "b" + n[0]++);
                events[0] += b.size();
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("durable ingest of %,d events (%d accounts x %d days, generation included): %.1f s, "
                    + "%,.0f events/s; heap used %,d MiB%n", events[0], accounts, days, seconds, events[0] / seconds,
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
            // what a kill -9 now would leave: the files as they are, the log tail after the last snapshot
            Path crashed = dir.resolve("crashed");
            PersistentEngineTest.copyInUse(data, crashed);
            long closing = System.nanoTime();
            disk.close();
            System.out.printf("clean stop (writes the final snapshot): %.2f s%n", (System.nanoTime() - closing) / 1e9);
            System.gc();
            long t = System.nanoTime();
            try (Engine recovered = Engine.open(sized.withDataDir(crashed))) {
                System.out.printf("restart after a kill (newest snapshot + log tail): %.2f s, %,d events%n",
                        (System.nanoTime() - t) / 1e9, recovered.dataset("scale").info().events());
            }
            DataDirectory.deleteTree(crashed);
        }
        System.out.printf("data directory: %s%n", sizes(data));
        System.gc();
        start = System.nanoTime();
        long info;
        try (Engine reopened = Engine.open(sized)) {
            info = reopened.dataset("scale").info().events();
            System.out.printf("restart from the snapshot: %.2f s%n", (System.nanoTime() - start) / 1e9);
        }
        assertEquals(events[0], info);
        if (!Boolean.getBoolean("daybit.measure.full.memory")) {
            return;
        }
        System.gc();
        start = System.nanoTime();
        try (Engine memory = Engine.inMemory()) {
            Dataset m = memory.createDataset("scale", DatasetSettings.defaults());
            ScaleEvents.stream(accounts, days, share, 10_000, 42, m::ingest);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("in-memory ingest of the same stream (generation included): %.1f s, %,.0f events/s%n",
                    seconds, events[0] / seconds);
        }
    }

    private static String sizes(Path data) throws IOException {
        long log = 0;
        long snapshots = 0;
        int snapshotFiles = 0;
        try (Stream<Path> files = Files.walk(data)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                if (p.toString().endsWith(EventLog.SUFFIX)) {
                    log += Files.size(p);
                } else if (p.toString().endsWith(SnapshotFile.SUFFIX)) {
                    snapshots += Files.size(p);
                    snapshotFiles++;
                }
            }
        }
        return String.format("log %,d bytes kept, %d snapshots %,d bytes", log, snapshotFiles, snapshots);
    }
}
