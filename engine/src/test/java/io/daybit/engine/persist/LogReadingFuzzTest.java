package io.daybit.engine.persist;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.daybit.engine.codec.Rejection;
import io.daybit.engine.model.Event;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes log recovery with a damaged copy of one segment of a real log (batches of events of
 * every type, idempotency keys, stored rejections, three segments). Whatever the damage, opening
 * the log either refuses it with {@link CorruptDataException} (damage in a segment that later
 * segments follow: acknowledged data would be lost) or hands over a prefix of the records written,
 * each exactly as written (its checksum matched), dropping records only when the damage is in the
 * last segment (a torn tail). After such a truncation the log opens again with the same records,
 * and takes and keeps a new record. Any other exception or error is a finding.
 *
 * <p>Runs the committed inputs in {@code LogReadingFuzzTestInputs/} as a plain test; with
 * {@code JAZZER_FUZZ=1} (the {@code fuzz} Maven profile, which CI uses) it fuzzes for a bounded time.
 */
class LogReadingFuzzTest {
    private static final long SEGMENT_BYTES = 400;
    private static final Path BASE;
    private static final List<String> NAMES = new ArrayList<>();
    private static final List<byte[]> SEGMENTS = new ArrayList<>();
    private static final List<BatchRecord> RECORDS;

    static {
        try {
            BASE = Files.createTempDirectory("daybit-log-fuzz");
            BASE.toFile().deleteOnExit();
            Path dir = BASE.resolve("good");
            List<Event> events = SampleEvents.first(60);
            try (EventLog log = open(dir, new ArrayList<>())) {
                for (int b = 0; b * 6 < events.size(); b++) {
                    append(log, b % 2 == 0 ? "key-" + b : null,
                            b % 3 == 0 ? List.of(new Rejection(2, "unknown type 'page_view'")) : List.of(),
                            events.subList(b * 6, Math.min(events.size(), b * 6 + 6)));
                }
            }
            RECORDS = new ArrayList<>();
            open(dir, RECORDS).close();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                List<Path> sorted = new ArrayList<>();
                files.forEach(sorted::add);
                sorted.sort(null);
                for (Path f : sorted) {
                    NAMES.add(f.getFileName().toString());
                    SEGMENTS.add(Files.readAllBytes(f));
                }
            }
            if (SEGMENTS.size() < 3 || RECORDS.size() != 10) {
                throw new IllegalStateException(SEGMENTS.size() + " segments, " + RECORDS.size() + " records");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EventLog open(Path dir, List<BatchRecord> into) throws IOException {
        return EventLog.open(dir, "fuzz", 0, SEGMENT_BYTES, 0, true, (lsn, kind, body) -> {
            if (kind != BatchRecord.KIND) {
                throw new CorruptDataException("record " + lsn + " is of unknown kind " + kind);
            }
            into.add(BatchRecord.read(lsn, body));
        });
    }

    private static void append(EventLog log, String key, List<Rejection> rejected, List<Event> events) {
        BatchRecord.write(log.begin(BatchRecord.KIND), 1_700_000_000_000L, key, rejected, events);
        log.sync(log.append());
    }

    @FuzzTest(maxDuration = "20s")
    void aDamagedLogIsRefusedOrGivesAnIntactPrefixOfItsRecords(FuzzedDataProvider data) throws IOException {
        int damaged = data.consumeInt(0, SEGMENTS.size() - 1);
        byte[] bytes = Damage.apply(SEGMENTS.get(damaged), data);
        Path dir = Files.createTempDirectory(BASE, "case");
        try {
            for (int i = 0; i < SEGMENTS.size(); i++) {
                Files.write(dir.resolve(NAMES.get(i)), i == damaged ? bytes : SEGMENTS.get(i));
            }
            List<BatchRecord> got = new ArrayList<>();
            try {
                open(dir, got).close();
            } catch (CorruptDataException | UnsupportedFormatException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "the refusal says why");
                assertFalse(Arrays.equals(bytes, SEGMENTS.get(damaged)), () -> "an intact log is refused: " + e);
                return;
            }
            assertTrue(got.size() <= RECORDS.size(), "no record appears that was not written");
            assertEquals(RECORDS.subList(0, got.size()), got, "the records handed over are those written, in order");
            if (got.size() < RECORDS.size()) {
                assertEquals(SEGMENTS.size() - 1, damaged, "records are dropped only for damage in the last segment");
            }
            List<BatchRecord> again = new ArrayList<>();
            try (EventLog log = open(dir, again)) {
                assertEquals(got, again, "after truncating a torn tail the log opens with the same records");
                append(log, "after", List.of(), RECORDS.get(0).events());
            }
            List<BatchRecord> after = new ArrayList<>();
            open(dir, after).close();
            assertEquals(got.size() + 1, after.size(), "the log takes and keeps a new record");
            assertEquals(RECORDS.get(0).events(), after.get(after.size() - 1).events());
        } finally {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }
}
