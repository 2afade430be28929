package io.daybit.engine.persist;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.DaybitException;
import io.daybit.engine.Engine;
import io.daybit.engine.EngineConfig;
import io.daybit.engine.ingest.IngestResult;
import io.daybit.engine.model.Event;
import io.daybit.engine.testdata.RandomEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots: a dataset loaded from a snapshot plus the log after it answers every query like an
 * in-memory engine fed the same batches; old segments go once two snapshots cover them; a damaged
 * or missing snapshot falls back to the previous one and more of the log.
 */
class SnapshotTest {
    @TempDir
    Path dir;

    /** A dataset of random events ingested in random batches, with and without keys. */
    private record Workload(RandomEvents.Config config, List<List<Event>> batches) {
        DatasetSettings settings() {
            return DatasetSettings.defaults().withTimezone(config.zone())
                    .withAttributionWindowHours(config.windowHours());
        }

        String key(int batch) {
            return batch % 4 == 0 ? null : "key-" + batch;
        }

        List<Object> answers(Dataset d, long seed) {
            return EngineAnswers.of(d, config.firstDay(), config.lastDay(), seed);
        }
    }

    private static Workload workload(long seed, int events) {
        Random rnd = new Random(seed);
        ZoneId zone = RandomEvents.ZONES.get(rnd.nextInt(RandomEvents.ZONES.size()));
        RandomEvents.Config c = new RandomEvents.Config(zone, RandomEvents.WINDOWS[rnd.nextInt(RandomEvents.WINDOWS.length)],
                LocalDate.of(2024, 1, 1).plusDays(rnd.nextInt(300)), 60 + rnd.nextInt(500), 20 + rnd.nextInt(200), events);
        List<Event> all = RandomEvents.generate(rnd.nextLong(), c);
        List<List<Event>> batches = new ArrayList<>();
        for (int at = 0; at < all.size(); ) {
            int n = Math.min(all.size() - at, 1 + rnd.nextInt(80));
            batches.add(all.subList(at, at + n));
            at += n;
        }
        return new Workload(c, batches);
    }

    /** Small segments and frequent snapshots, so that a few thousand events make many of both. */
    private EngineConfig frequent() {
        return EngineConfig.persistent(dir).withSegmentBytes(8 * 1024).withSnapshotEveryLogBytes(16 * 1024);
    }

    private List<Object> ingestBoth(Workload w, Engine disk, long seed) {
        try (Engine memory = Engine.inMemory()) {
            Dataset m = memory.createDataset("shop", w.settings());
            Dataset d = disk.createDataset("shop", w.settings());
            for (int b = 0; b < w.batches().size(); b++) {
                IngestResult want = m.ingest(w.batches().get(b), w.key(b));
                assertEquals(want, d.ingest(w.batches().get(b), w.key(b)), "batch " + b);
            }
            List<Object> expected = w.answers(m, seed);
            assertEquals(expected, w.answers(d, seed), "before any restart");
            return expected;
        }
    }

    private Path snapshots() {
        return dir.resolve("datasets").resolve("shop").resolve(DatasetJournal.SNAPSHOT_DIR);
    }

    private List<Path> files(Path folder, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void aDatasetLoadedFromSnapshotsAndTheLogAnswersLikeAnInMemoryOne() throws IOException {
        for (long seed = 1; seed <= 4; seed++) {
            Workload w = workload(seed, 1500 + (int) seed * 500);
            Path data = dir.resolve("s" + seed);
            EngineConfig config = EngineConfig.persistent(data).withSegmentBytes(8 * 1024)
                    .withSnapshotEveryLogBytes(16 * 1024);
            List<Object> expected;
            try (Engine disk = Engine.open(config)) {
                expected = ingestBoth(w, disk, seed);
                // a kill now: the snapshots written while ingesting, and the log after the newest
                try (Engine crashed = copyAndOpen(data, config)) {
                    assertEquals(expected, w.answers(crashed.dataset("shop"), seed), "seed " + seed + " after a crash");
                }
            }
            try (Engine reopened = Engine.open(config)) {
                Dataset r = reopened.dataset("shop");
                assertEquals(expected, w.answers(r, seed), "seed " + seed + " after a clean stop");
                for (int b = 0; b < w.batches().size(); b++) {
                    if (w.key(b) != null) {
                        IngestResult again = r.ingest(w.batches().get(b), w.key(b));
                        assertTrue(again.accepted() + again.rejected().size() > 0);
                    }
                }
                assertEquals(expected, w.answers(r, seed), "seed " + seed + ": keys kept in snapshots");
            }
        }
    }

    /** Opens a copy of a directory in use, as a restart after a kill would find it. */
    private Engine copyAndOpen(Path data, EngineConfig config) throws IOException {
        Path copy = dir.resolve(data.getFileName() + "-copy");
        PersistentEngineTest.copyInUse(data, copy);
        return Engine.open(config.withDataDir(copy));
    }

    @Test
    void oldSegmentsAndSnapshotsAreDroppedOnceNewerSnapshotsCoverThem() throws IOException {
        Workload w = workload(11, 6000);
        try (Engine disk = Engine.open(frequent())) {
            ingestBoth(w, disk, 11);
            List<Path> snaps = files(snapshots(), SnapshotFile.SUFFIX);
            assertEquals(2, snaps.size(), "the two newest snapshots are kept: " + snaps);
            List<Path> segments = PersistentEngineTest.segments(dir, "shop");
            assertTrue(segments.size() < 12, "segments covered by the previous snapshot are dropped: " + segments);
            long firstKept = Long.parseLong(segments.get(0).getFileName().toString().substring(0, 20));
            assertTrue(firstKept > 1, "the first segment is gone");
            assertTrue(firstKept <= SnapshotFile.lsnOf(snaps.get(0)) + 1,
                    "the log still holds every record after the older snapshot");
        }
    }

    @Test
    void aFlippedByteInTheNewestSnapshotFallsBackToThePreviousOneAndTheLog() throws IOException {
        Workload w = workload(21, 5000);
        List<Object> expected;
        try (Engine disk = Engine.open(frequent())) {
            expected = ingestBoth(w, disk, 21);
        }
        List<Path> snaps = files(snapshots(), SnapshotFile.SUFFIX);
        Path newest = snaps.get(snaps.size() - 1);
        PersistentEngineTest.flipByte(newest, Files.size(newest) / 2);
        try (Engine reopened = Engine.open(frequent())) {
            assertEquals(expected, w.answers(reopened.dataset("shop"), 21));
        }
    }

    @Test
    void aMissingSnapshotFallsBackToThePreviousOneAndTheLog() throws IOException {
        Workload w = workload(31, 5000);
        List<Object> expected;
        try (Engine disk = Engine.open(frequent())) {
            expected = ingestBoth(w, disk, 31);
        }
        List<Path> snaps = files(snapshots(), SnapshotFile.SUFFIX);
        Files.delete(snaps.get(snaps.size() - 1));
        try (Engine reopened = Engine.open(frequent())) {
            assertEquals(expected, w.answers(reopened.dataset("shop"), 31));
        }
    }

    @Test
    void aTruncatedSnapshotAndAnInterruptedOneAreIgnored() throws IOException {
        Workload w = workload(41, 4000);
        List<Object> expected;
        try (Engine disk = Engine.open(frequent())) {
            expected = ingestBoth(w, disk, 41);
        }
        List<Path> snaps = files(snapshots(), SnapshotFile.SUFFIX);
        Path newest = snaps.get(snaps.size() - 1);
        try (var ch = java.nio.channels.FileChannel.open(newest, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(newest) - 10);
        }
        Path interrupted = snapshots().resolve(SnapshotFile.name(999_999) + ".tmp");
        Files.write(interrupted, new byte[] {1, 2, 3});
        try (Engine reopened = Engine.open(frequent())) {
            assertEquals(expected, w.answers(reopened.dataset("shop"), 41));
        }
        assertFalse(Files.exists(interrupted), "the interrupted snapshot's temporary file is removed");
    }

    @Test
    void whenEverySnapshotIsDamagedAndTheLogIsGoneLoadingStopsWithAClearMessage() throws IOException {
        Workload w = workload(51, 6000);
        try (Engine disk = Engine.open(frequent())) {
            ingestBoth(w, disk, 51);
        }
        for (Path s : files(snapshots(), SnapshotFile.SUFFIX)) {
            PersistentEngineTest.flipByte(s, 40);
        }
        DaybitException x = assertThrows(DaybitException.class, () -> Engine.open(frequent()));
        assertTrue(x.getMessage().contains("shop") && x.getMessage().contains("missing"), x.getMessage());
    }

    @Test
    void withoutSnapshotsTheWholeLogIsReplayed() throws IOException {
        Workload w = workload(61, 3000);
        EngineConfig rare = EngineConfig.persistent(dir).withSegmentBytes(8 * 1024);
        List<Object> expected;
        try (Engine disk = Engine.open(rare)) {
            expected = ingestBoth(w, disk, 61);
        }
        // the clean stop wrote one snapshot; without it, the log (never dropped) has everything
        for (Path s : files(snapshots(), SnapshotFile.SUFFIX)) {
            Files.delete(s);
        }
        assertEquals(1L, Long.parseLong(PersistentEngineTest.segments(dir, "shop").get(0).getFileName().toString()
                .substring(0, 20)));
        try (Engine reopened = Engine.open(rare)) {
            assertEquals(expected, w.answers(reopened.dataset("shop"), 61));
        }
    }
}
