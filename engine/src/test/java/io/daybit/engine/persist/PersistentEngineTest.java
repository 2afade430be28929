package io.daybit.engine.persist;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.DaybitException;
import io.daybit.engine.Engine;
import io.daybit.engine.EngineConfig;
import io.daybit.engine.NotFoundException;
import io.daybit.engine.RfmSettings;
import io.daybit.engine.UnavailableException;
import io.daybit.engine.ingest.IngestResult;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.HubOpened;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersistentEngineTest {
    private static final LocalDate FIRST = LocalDate.of(2024, 1, 1);

    @TempDir
    Path dir;

    private static RandomEvents.Config config(ZoneId zone, int window, int days, int accounts, int events) {
        return new RandomEvents.Config(zone, window, FIRST, days, accounts, events);
    }

    private static DatasetSettings settings(RandomEvents.Config c) {
        return DatasetSettings.defaults().withTimezone(c.zone()).withAttributionWindowHours(c.windowHours());
    }

    @Test
    void restartGivesTheAnswersOfAnInMemoryEngineFedTheSameBatches() {
        Random rnd = new Random(8_001);
        for (int round = 0; round < 6; round++) {
            ZoneId zone = RandomEvents.ZONES.get(rnd.nextInt(RandomEvents.ZONES.size()));
            RandomEvents.Config c = config(zone, RandomEvents.WINDOWS[rnd.nextInt(RandomEvents.WINDOWS.length)],
                    30 + rnd.nextInt(700), 5 + rnd.nextInt(80), 200 + rnd.nextInt(3000));
            List<List<Event>> batches = RandomEvents.batches(RandomEvents.generate(rnd.nextLong(), c), rnd);
            Path data = dir.resolve("round-" + round);
            String name = "ds" + round;
            List<IngestResult> answers = new ArrayList<>();
            try (Engine memory = Engine.inMemory()) {
                Dataset m = memory.createDataset(name, settings(c));
                List<Object> expected;
                try (Engine disk = Engine.persistent(data)) {
                    Dataset d = disk.createDataset(name, settings(c));
                    for (int b = 0; b < batches.size(); b++) {
                        String key = b % 3 == 0 ? null : "key-" + b;
                        IngestResult want = m.ingest(batches.get(b), key);
                        assertEquals(want, d.ingest(batches.get(b), key), "batch " + b);
                        answers.add(want);
                    }
                    expected = EngineAnswers.of(m, c.firstDay(), c.lastDay(), round);
                    assertEquals(expected, EngineAnswers.of(d, c.firstDay(), c.lastDay(), round));
                }
                try (Engine reopened = Engine.persistent(data)) {
                    Dataset r = reopened.dataset(name);
                    assertEquals(expected, EngineAnswers.of(r, c.firstDay(), c.lastDay(), round), "round " + round);
                    for (int b = 0; b < batches.size(); b++) {
                        if (b % 3 != 0) {
                            assertEquals(answers.get(b).asReplay(), r.ingest(batches.get(b), "key-" + b), "retried batch " + b);
                        }
                    }
                    assertEquals(expected, EngineAnswers.of(r, c.firstDay(), c.lastDay(), round), "after retries");
                }
            }
        }
    }

    @Test
    void idempotencyKeysSurviveRestartAndAnswerTheFirstAnswer() {
        List<Event> first = List.of(new HubOpened("a", micros("2024-01-02T10:00:00Z"), null));
        List<Event> other = List.of(new HubOpened("b", micros("2024-01-03T10:00:00Z"), null),
                new HubOpened("c", micros("2024-01-03T11:00:00Z"), null));
        try (Engine e = Engine.persistent(dir)) {
            Dataset d = e.createDataset("shop", DatasetSettings.defaults());
            assertEquals(1, d.ingest(first, "k1").accepted());
            IngestResult rejectedOnly = d.ingestNdjson("{\"type\":\"nope\"}\n".getBytes(), "k2");
            assertEquals(0, rejectedOnly.accepted());
        }
        try (Engine e = Engine.persistent(dir)) {
            Dataset d = e.dataset("shop");
            assertEquals(1, d.info().events());
            IngestResult again = d.ingest(other, "k1");
            assertEquals(1, again.accepted(), "a retried key answers its first answer and applies nothing");
            assertEquals(1, d.info().events());
            assertEquals(1, d.ingestNdjson("{\"type\":\"nope\"}\n".getBytes(), "k2").rejected().size());
            assertEquals(2, d.ingest(other, "k3").accepted());
        }
        try (Engine e = Engine.persistent(dir)) {
            assertEquals(3, e.dataset("shop").info().events());
            assertEquals(2, e.dataset("shop").ingest(first, "k3").accepted());
            assertEquals(3, e.dataset("shop").info().events());
        }
    }

    @Test
    void createdDeletedAndChangedDatasetsStayThatWayAfterRestart() {
        RfmSettings fixed = new RfmSettings(90, RfmSettings.Mode.FIXED, new RfmSettings.Thresholds(7, 30),
                new RfmSettings.Thresholds(3, 9), new RfmSettings.Thresholds(100, 1000), RfmSettings.defaultPersonas());
        DatasetSettings stockholm = DatasetSettings.defaults().withTimezone(ZoneId.of("Europe/Stockholm"))
                .withCurrency("SEK").withAttributionWindowHours(48);
        try (Engine e = Engine.persistent(dir)) {
            e.createDataset("keep", stockholm);
            e.createDataset("gone", DatasetSettings.defaults());
            e.createDataset("changed", DatasetSettings.defaults());
            e.dataset("gone").ingest(List.of(new HubOpened("a", micros("2024-01-02T10:00:00Z"), null)));
            e.deleteDataset("gone");
            e.dataset("changed").updateRfm(fixed);
        }
        try (Engine e = Engine.persistent(dir)) {
            assertEquals(List.of("changed", "keep"), e.datasets().stream().map(Dataset::name).toList());
            assertEquals(stockholm, e.dataset("keep").settings());
            assertEquals(fixed, e.dataset("changed").settings().rfm());
            assertThrows(NotFoundException.class, () -> e.dataset("gone"));
            Dataset again = e.createDataset("gone", DatasetSettings.defaults());
            assertEquals(0, again.info().events(), "a dataset created again under a deleted name starts empty");
        }
        try (Engine e = Engine.persistent(dir)) {
            assertEquals(0, e.dataset("gone").info().events());
        }
    }

    @Test
    void aCreationOrDeletionCutShortByACrashLeavesNoDataset() throws IOException {
        try (Engine e = Engine.persistent(dir)) {
            e.createDataset("real", DatasetSettings.defaults());
        }
        Path datasets = dir.resolve("datasets");
        Files.createDirectories(datasets.resolve(".creating-half").resolve("log"));
        Files.createDirectories(datasets.resolve(".deleted-old-123").resolve("log"));
        Files.writeString(datasets.resolve(".deleted-old-123").resolve("settings.bin"), "x");
        try (Engine e = Engine.persistent(dir)) {
            assertEquals(List.of("real"), e.datasets().stream().map(Dataset::name).toList());
        }
        try (var files = Files.list(datasets)) {
            assertEquals(List.of("real"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aSecondEngineCannotOpenADirectoryInUse() {
        try (Engine e = Engine.persistent(dir)) {
            e.createDataset("shop", DatasetSettings.defaults());
            UnavailableException x = assertThrows(UnavailableException.class, () -> Engine.persistent(dir));
            assertTrue(x.getMessage().contains("already open") || x.getMessage().contains("in use"), x.getMessage());
        }
        try (Engine e = Engine.persistent(dir)) {
            assertTrue(e.findDataset("shop").isPresent());
        }
    }

    @Test
    void ingestIsRefusedWhenTheDiskIsNearlyFullAndQueriesKeepWorking() {
        try (Engine e = Engine.persistent(dir)) {
            e.createDataset("shop", DatasetSettings.defaults())
                    .ingest(List.of(new HubOpened("a", micros("2024-01-02T10:00:00Z"), null)), "k1");
        }
        EngineConfig tight = EngineConfig.persistent(dir).withMinFreeDiskBytes(Long.MAX_VALUE / 4);
        try (Engine e = Engine.open(tight)) {
            Dataset d = e.dataset("shop");
            UnavailableException x = assertThrows(UnavailableException.class,
                    () -> d.ingest(List.of(new HubOpened("b", micros("2024-01-03T10:00:00Z"), null)), "k2"));
            assertTrue(x.getMessage().contains("full"), x.getMessage());
            assertEquals(1, d.info().events(), "nothing of the refused batch is applied");
            assertEquals(1L, d.hubOverview(io.daybit.engine.query.TimeSpec.of(FIRST, FIRST.plusDays(5)))
                    .activeAccounts().value());
            assertEquals(1, d.ingest(List.of(), "k1").accepted(), "an answered key still answers");
        }
        try (Engine e = Engine.persistent(dir)) {
            Dataset d = e.dataset("shop");
            assertEquals(1, d.info().events());
            assertEquals(1, d.ingest(List.of(new HubOpened("b", micros("2024-01-03T10:00:00Z"), null)), "k2")
                    .accepted(), "the refused key was never stored: its retry applies");
            assertEquals(2, d.info().events());
        }
    }

    @Test
    void aFailedLogWriteAnswersUnavailableAppliesNothingAndIngestResumesOnceRepaired() throws IOException {
        EngineConfig small = EngineConfig.persistent(dir).withSegmentBytes(4096);
        Path log = dir.resolve("datasets").resolve("shop").resolve("log");
        Path aside = dir.resolve("log-aside");
        List<Event> big = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            big.add(new HubOpened("account-" + i, micros("2024-01-02T10:00:00Z") + i, null));
        }
        try (Engine e = Engine.open(small)) {
            Dataset d = e.createDataset("shop", DatasetSettings.defaults());
            assertEquals(400, d.ingest(big, "k1").accepted());
            // the segment is full: the next batch starts a new segment file, which cannot be created
            Files.move(log, aside);
            Files.writeString(log, "not a directory");
            List<Event> next = List.of(new HubOpened("late", micros("2024-01-05T10:00:00Z"), null));
            UnavailableException x = assertThrows(UnavailableException.class, () -> d.ingest(next, "k2"));
            assertTrue(x.getMessage().contains("shop"), x.getMessage());
            assertEquals(400, d.info().events(), "nothing of the refused batch is applied");
            assertEquals(400L, d.hubOverview(io.daybit.engine.query.TimeSpec.of(FIRST, FIRST.plusDays(5)))
                    .activeAccounts().value(), "queries keep working");
            Files.delete(log);
            Files.move(aside, log);
            assertEquals(1, d.ingest(next, "k2").accepted(), "ingest resumes once the directory is back");
        }
        try (Engine e = Engine.open(small)) {
            assertEquals(401, e.dataset("shop").info().events());
            assertTrue(segments(dir, "shop").size() >= 2);
        }
    }

    @Test
    void aReadOnlyDataDirectoryServesQueriesAndRefusesChanges() throws Exception {
        try (Engine e = Engine.persistent(dir)) {
            e.createDataset("shop", DatasetSettings.defaults())
                    .ingest(List.of(new HubOpened("a", micros("2024-01-02T10:00:00Z"), null)), "k1");
        }
        try (ReadOnly ro = ReadOnly.make(dir.resolve("datasets"))) {
            try (Engine e = Engine.persistent(dir)) {
                assertTrue(ro.isReadOnly());
                Dataset d = e.dataset("shop");
                assertEquals(1, d.info().events());
                assertEquals(1L, d.hubOverview(io.daybit.engine.query.TimeSpec.of(FIRST, FIRST.plusDays(5)))
                        .activeAccounts().value());
                UnavailableException x = assertThrows(UnavailableException.class,
                        () -> d.ingest(List.of(new HubOpened("b", micros("2024-01-03T10:00:00Z"), null)), "k2"));
                assertTrue(x.getMessage().contains("read-only"), x.getMessage());
                assertEquals(1, d.info().events());
                assertEquals(1, d.ingest(List.of(), "k1").accepted(), "answered keys still answer");
                assertThrows(UnavailableException.class, () -> e.createDataset("new", DatasetSettings.defaults()));
                assertThrows(UnavailableException.class, () -> e.deleteDataset("shop"));
                assertThrows(UnavailableException.class, () -> d.updateRfm(RfmSettings.defaults()));
                assertEquals(List.of("shop"), e.datasets().stream().map(Dataset::name).toList());
            }
        }
        try (Engine e = Engine.persistent(dir)) {
            Dataset d = e.dataset("shop");
            assertEquals(1, d.ingest(List.of(new HubOpened("b", micros("2024-01-03T10:00:00Z"), null)), "k2")
                    .accepted(), "writable again, the refused batch applies");
            assertEquals(2, d.info().events());
        }
    }

    // ---------------------------------------------------------------- damaged logs

    /** Three batches of one event each, keys k0..k2, then the engine closed, its snapshot gone. */
    private void threeBatches(EngineConfig config) throws IOException {
        try (Engine e = Engine.open(config)) {
            Dataset d = e.createDataset("shop", DatasetSettings.defaults());
            for (int i = 0; i < 3; i++) {
                d.ingest(List.of(new HubOpened("account-" + i, micros("2024-01-02T10:00:00Z") + i, null)), "k" + i);
            }
        }
        killedBeforeAnySnapshot(dir, "shop");
    }

    @Test
    void aTruncatedLogLosesOnlyTheTornRecordAndIsRepaired() throws IOException {
        threeBatches(EngineConfig.persistent(dir));
        Path segment = segments(dir, "shop").get(0);
        long size = Files.size(segment);
        try (var ch = java.nio.channels.FileChannel.open(segment, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size - 5);
        }
        try (Engine e = Engine.persistent(dir)) {
            Dataset d = e.dataset("shop");
            assertEquals(2, d.info().events(), "the torn third batch is gone, the first two are whole");
            assertEquals(1, d.ingest(List.of(new HubOpened("account-2", micros("2024-01-02T10:00:00Z") + 2, null)),
                    "k2").accepted(), "the torn batch was never acknowledged: its retry applies");
        }
        killedBeforeAnySnapshot(dir, "shop");
        try (Engine e = Engine.persistent(dir)) {
            assertEquals(3, e.dataset("shop").info().events(), "the tail was cut cleanly: later records replay");
        }
    }

    @Test
    void aFlippedByteInTheLastRecordDropsOnlyThatRecord() throws IOException {
        threeBatches(EngineConfig.persistent(dir));
        Path segment = segments(dir, "shop").get(0);
        flipByte(segment, Files.size(segment) - 3);
        try (Engine e = Engine.persistent(dir)) {
            assertEquals(2, e.dataset("shop").info().events());
        }
        assertTrue(Files.size(segment) < 200, "the damaged record was truncated away");
    }

    @Test
    void aFlippedByteInAnEarlierRecordOfTheLastSegmentTruncatesTheLogThere() throws IOException {
        threeBatches(EngineConfig.persistent(dir));
        Path segment = segments(dir, "shop").get(0);
        // the first record starts right after the 32-byte segment header; flip its LSN
        flipByte(segment, EventLog.SEGMENT_HEADER_BYTES + EventLog.RECORD_HEADER_BYTES + 1);
        try (Engine e = Engine.persistent(dir)) {
            Dataset d = e.dataset("shop");
            assertEquals(0, d.info().events(), "no record after the damage can be trusted to follow it");
            assertEquals(1, d.ingest(List.of(new HubOpened("x", micros("2024-01-02T10:00:00Z"), null)), "k0")
                    .accepted());
        }
        killedBeforeAnySnapshot(dir, "shop");
        try (Engine e = Engine.persistent(dir)) {
            assertEquals(1, e.dataset("shop").info().events());
        }
    }

    @Test
    void aDamagedSegmentBeforeTheLastStopsLoadingWithAMessageNamingTheFile() throws IOException {
        EngineConfig small = EngineConfig.persistent(dir).withSegmentBytes(4096);
        try (Engine e = Engine.open(small)) {
            Dataset d = e.createDataset("shop", DatasetSettings.defaults());
            for (int b = 0; b < 6; b++) {
                List<Event> batch = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    batch.add(new HubOpened("account-" + b + "-" + i, micros("2024-01-02T10:00:00Z") + i, null));
                }
                d.ingest(batch);
            }
        }
        killedBeforeAnySnapshot(dir, "shop");
        List<Path> segments = segments(dir, "shop");
        assertTrue(segments.size() >= 3, "segments: " + segments);
        flipByte(segments.get(1), 100);
        DaybitException x = assertThrows(DaybitException.class, () -> Engine.open(small));
        assertTrue(x.getMessage().contains(segments.get(1).getFileName().toString()), x.getMessage());
        assertTrue(x.getMessage().contains("shop"), x.getMessage());
    }

    @Test
    void anUnfinishedNewSegmentIsDropped() throws IOException {
        threeBatches(EngineConfig.persistent(dir));
        Path logDir = segments(dir, "shop").get(0).getParent();
        Files.write(logDir.resolve(EventLog.segmentName(4)), new byte[] {0x44, 0x41, 0x59});
        try (Engine e = Engine.persistent(dir)) {
            Dataset d = e.dataset("shop");
            assertEquals(3, d.info().events());
            d.ingest(List.of(new HubOpened("late", micros("2024-01-05T10:00:00Z"), null)));
        }
        killedBeforeAnySnapshot(dir, "shop");
        try (Engine e = Engine.persistent(dir)) {
            assertEquals(4, e.dataset("shop").info().events());
        }
    }

    @Test
    void aDamagedSettingsFileIsReportedNotIgnored() throws IOException {
        try (Engine e = Engine.persistent(dir)) {
            e.createDataset("shop", DatasetSettings.defaults());
        }
        Path settings = dir.resolve("datasets").resolve("shop").resolve(SettingsFile.NAME);
        flipByte(settings, Files.size(settings) - 2);
        DaybitException x = assertThrows(DaybitException.class, () -> Engine.persistent(dir));
        assertTrue(x.getMessage().contains("checksum"), x.getMessage());
    }

    @Test
    void withoutADataDirectoryNothingIsWritten() throws IOException {
        try (Engine e = Engine.open(EngineConfig.inMemory())) {
            e.createDataset("shop", DatasetSettings.defaults())
                    .ingest(List.of(new HubOpened("a", micros("2024-01-02T10:00:00Z"), null)), "k");
            assertFalse(e.dataDirectory().isPresent());
        }
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    // ---------------------------------------------------------------- helpers

    static long micros(String instant) {
        return java.time.Instant.parse(instant).toEpochMilli() * 1000;
    }

    static List<Path> segments(Path data, String dataset) throws IOException {
        try (var files = Files.list(data.resolve("datasets").resolve(dataset).resolve("log"))) {
            return files.filter(p -> p.toString().endsWith(EventLog.SUFFIX)).sorted().toList();
        }
    }

    /**
     * Deletes a dataset's snapshots, leaving what a process killed before its first snapshot
     * leaves (a clean stop writes one): the log alone.
     */
    static void killedBeforeAnySnapshot(Path data, String dataset) throws IOException {
        DataDirectory.deleteTree(data.resolve("datasets").resolve(dataset).resolve(DatasetJournal.SNAPSHOT_DIR));
    }

    /** Copies a data directory in use, as a restart after a kill finds it (the lock aside). */
    static void copyInUse(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("daybit.lock")) {
                    Files.copy(p, target);
                }
            }
        }
    }

    static void flipByte(Path file, long at) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[(int) at] ^= 0x5A;
        Files.write(file, b);
        assertNotEquals(0, b.length);
    }
}
