package io.daybit.engine.persist;

import io.daybit.engine.Dataset;
import io.daybit.engine.DaybitException;
import io.daybit.engine.Engine;
import io.daybit.engine.codec.BatchReader;
import io.daybit.engine.codec.DecodedLine;
import io.daybit.engine.model.Event;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.analytics.RetentionBy;
import io.daybit.engine.query.TimeSpec;
import io.daybit.engine.reference.AnalyticsAgreement;
import io.daybit.engine.reference.HubAgreement;
import io.daybit.engine.reference.ReferenceModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The files an earlier build wrote ({@code src/test/resources/stored-formats/}, written by
 * {@link StoredFiles}: snapshots, log segments, settings and index files of a dataset with every
 * event type) are read by this build with the same answers: those recorded with them, those of
 * an in-memory engine fed the same events, and the reference model's. A file of a format version
 * this build does not read is refused with a message naming the version. When a format changes,
 * this test fails until the new build reads the old files or refuses them on purpose.
 */
class StoredFormatsTest {
    /** The directories kept, one per combination of format versions written. */
    private static final String SNAPSHOT_V2_LOG_V1 = "snapshot-v2-log-v1";

    @TempDir
    Path tmp;

    private static Path kept(String name) throws URISyntaxException {
        return Path.of(StoredFormatsTest.class.getResource("/stored-formats/" + name).toURI());
    }

    /** A writable copy of a kept data directory (loading may write, e.g. the index files' state). */
    private Path copy(String name) throws IOException, URISyntaxException {
        Path from = kept(name).resolve("data");
        Path to = tmp.resolve(name);
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    private static String recordedAnswers(String name) throws IOException, URISyntaxException {
        // maps are compared with their entries sorted, as StoredFiles.answers gives them
        return StoredFiles.sortedMaps(Files.readString(kept(name).resolve("answers.txt"), StandardCharsets.UTF_8));
    }

    private static List<Event> events(String name) throws IOException, URISyntaxException {
        List<Event> events = new ArrayList<>();
        for (DecodedLine l : new BatchReader().readNdjson(Files.readAllBytes(kept(name).resolve("events.ndjson")))) {
            assertTrue(l.isValid(), l.toString());
            events.add(l.event());
        }
        return events;
    }

    private static Path dataset(Path data) {
        return data.resolve("datasets").resolve(StoredFiles.DATASET);
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + suffix)) {
            files.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    @Test
    void theKeptFilesNameTheFormatVersionsTheirDirectoryIsNamedAfter() throws Exception {
        Path data = kept(SNAPSHOT_V2_LOG_V1).resolve("data");
        List<Path> snapshots = files(dataset(data).resolve(DatasetJournal.SNAPSHOT_DIR), SnapshotFile.SUFFIX);
        List<Path> segments = files(dataset(data).resolve(DatasetJournal.LOG_DIR), EventLog.SUFFIX);
        assertEquals(2, snapshots.size(), "two snapshots kept");
        assertTrue(segments.size() >= 2, "several log segments after the older snapshot: " + segments);
        for (Path s : snapshots) {
            assertEquals(2, BinaryReader.intAt(Files.readAllBytes(s), 8), s + " names snapshot format 2");
        }
        for (Path s : segments) {
            assertEquals(1, BinaryReader.intAt(Files.readAllBytes(s), 8), s + " names log format 1");
        }
        assertTrue(Files.isDirectory(dataset(data).resolve("indexes")), "the index files are kept too");
    }

    @Test
    void theKeptFilesLoadWithTheAnswersRecordedWithThemAndThoseOfTheEventsAndTheModel() throws Exception {
        List<Event> events = events(SNAPSHOT_V2_LOG_V1);
        try (Engine stored = Engine.open(StoredFiles.config(copy(SNAPSHOT_V2_LOG_V1)));
             Engine memory = Engine.inMemory()) {
            Dataset d = stored.dataset(StoredFiles.DATASET);
            assertEquals(StoredFiles.settings(), d.settings());
            assertEquals(events.size(), d.info().events());
            assertEquals(recordedAnswers(SNAPSHOT_V2_LOG_V1), StoredFiles.answers(d), "the answers recorded with the files");
            Dataset fresh = memory.createDataset(StoredFiles.DATASET, StoredFiles.settings());
            fresh.ingest(events);
            assertEquals(StoredFiles.answers(fresh), StoredFiles.answers(d), "the answers of the same events in memory");
            ReferenceModel model = new ReferenceModel(StoredFiles.ZONE, d.settings().attributionWindowHours(),
                    d.settings().rfm());
            model.ingest(events);
            LocalDate first = d.info().firstDay();
            LocalDate last = d.info().lastDay();
            List<String> diffs = new ArrayList<>(HubAgreement.checkInfo(d, model));
            diffs.addAll(HubAgreement.check(d, model, TimeSpec.of(new DayRange(first, last)).today(last), Granularity.MONTH));
            diffs.addAll(AnalyticsAgreement.users(d, model, last));
            diffs.addAll(AnalyticsAgreement.rfm(d, model, last));
            diffs.addAll(AnalyticsAgreement.retention(d, model, new DayRange(first, last), Granularity.WEEK,
                    RetentionBy.PURCHASE));
            assertEquals(List.of(), diffs, "the reference model's answers");
        }
    }

    @Test
    void withoutTheNewestSnapshotTheOlderOneAndTheKeptLogGiveTheSameAnswers() throws Exception {
        Path data = copy(SNAPSHOT_V2_LOG_V1);
        List<Path> snapshots = files(dataset(data).resolve(DatasetJournal.SNAPSHOT_DIR), SnapshotFile.SUFFIX);
        Files.delete(snapshots.get(snapshots.size() - 1));
        try (Engine stored = Engine.open(StoredFiles.config(data))) {
            assertEquals(recordedAnswers(SNAPSHOT_V2_LOG_V1), StoredFiles.answers(stored.dataset(StoredFiles.DATASET)));
        }
    }

    @Test
    void aSnapshotOfAnotherFormatVersionIsRefusedNamingTheVersion() throws Exception {
        Path data = copy(SNAPSHOT_V2_LOG_V1);
        List<Path> snapshots = files(dataset(data).resolve(DatasetJournal.SNAPSHOT_DIR), SnapshotFile.SUFFIX);
        Path newest = snapshots.get(snapshots.size() - 1);
        byte[] b = Files.readAllBytes(newest);
        putInt(b, 8, 99);
        // an intact file of version 99: the checksum (over header and body) made again
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 24);
        putInt(b, b.length - 24 + 8, (int) crc.getValue());
        Files.write(newest, b);
        DaybitException e = assertThrows(DaybitException.class, () -> Engine.open(StoredFiles.config(data)).close());
        assertTrue(e.getMessage().contains("snapshot format version 99") && e.getMessage().contains("reads version 2")
                && e.getMessage().contains(newest.getFileName().toString()), e.getMessage());
    }

    @Test
    void aLogSegmentOfAnotherFormatVersionIsRefusedNamingTheVersion() throws Exception {
        Path data = copy(SNAPSHOT_V2_LOG_V1);
        // the last segment is always read, and is the one a torn write could excuse
        List<Path> segments = files(dataset(data).resolve(DatasetJournal.LOG_DIR), EventLog.SUFFIX);
        Path last = segments.get(segments.size() - 1);
        byte[] b = Files.readAllBytes(last);
        putInt(b, 8, 7);
        CRC32C crc = new CRC32C();
        crc.update(b, 0, 24);
        putInt(b, 24, (int) crc.getValue());
        Files.write(last, b);
        DaybitException e = assertThrows(DaybitException.class, () -> Engine.open(StoredFiles.config(data)).close());
        assertTrue(e.getMessage().contains("log segment format version 7") && e.getMessage().contains("reads version 1")
                && e.getMessage().contains(last.getFileName().toString()), e.getMessage());
        assertTrue(Files.exists(last), "the segment is refused, not dropped as a torn one");
    }

    private static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
