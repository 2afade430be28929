package io.daybit.engine.persist;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.daybit.engine.model.Event;
import io.daybit.engine.store.DatasetStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the snapshot reader with damaged copies of a real snapshot (a store holding events of
 * every type). A damaged snapshot is refused with {@link CorruptDataException} naming the file,
 * which recovery answers by falling back to an older snapshot and more of the log (or, should the
 * damage forge an intact file of another version, {@link UnsupportedFormatException}); or, when the
 * damage left every checked byte as it was, it loads exactly the data written: the loaded store
 * written again gives byte for byte what the intact snapshot gives when loaded and written again. Any other exception or error (an
 * allocation sized by a damaged length, an index out of bounds) is a finding.
 *
 * <p>Runs the committed inputs in {@code SnapshotReadingFuzzTestInputs/} as a plain test; with
 * {@code JAZZER_FUZZ=1} (the {@code fuzz} Maven profile, which CI uses) it fuzzes for a bounded time.
 */
class SnapshotReadingFuzzTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
    private static final int WINDOW_HOURS = 48;
    private static final long LSN = 7;
    private static final Path DIR;
    private static final byte[] GOOD;
    /** The intact snapshot loaded and written again (a reload may lay out hash maps differently). */
    private static final byte[] CANONICAL;

    static {
        try {
            DIR = Files.createTempDirectory("daybit-snapshot-fuzz");
            DIR.toFile().deleteOnExit();
            DatasetStore store = new DatasetStore(ZONE, WINDOW_HOURS);
            List<Event> events = SampleEvents.first(400);
            store.reserveKeys(events);
            for (Event e : events) {
                store.apply(e);
            }
            store.seal();
            GOOD = writeAndRead(store);
            Path file = DIR.resolve(SnapshotFile.name(LSN));
            Files.write(file, GOOD);
            CANONICAL = writeAndRead(load(file));
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] writeAndRead(DatasetStore store) throws IOException {
        Path out = DIR.resolve("written");
        Files.createDirectories(out);
        SnapshotFile.write(out, LSN, store::writeTo);
        Path file = out.resolve(SnapshotFile.name(LSN));
        byte[] bytes = Files.readAllBytes(file);
        Files.delete(file);
        return bytes;
    }

    private static DatasetStore load(Path file) throws IOException {
        return SnapshotFile.read(file, LSN, in -> {
            DatasetStore s = new DatasetStore(ZONE, WINDOW_HOURS);
            s.readFrom(in);
            return s;
        });
    }

    @FuzzTest(maxDuration = "20s")
    void aDamagedSnapshotIsRefusedOrLoadsExactlyTheDataWritten(FuzzedDataProvider data) throws IOException {
        byte[] damaged = Damage.apply(GOOD, data);
        Path file = DIR.resolve(SnapshotFile.name(LSN));
        Files.write(file, damaged);
        DatasetStore loaded;
        try {
            loaded = load(file);
        } catch (CorruptDataException | UnsupportedFormatException e) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(file.toString()),
                    () -> "the refusal names the file: " + e.getMessage());
            assertFalse(Arrays.equals(damaged, GOOD), () -> "the intact snapshot is refused: " + e.getMessage());
            return;
        } finally {
            Files.delete(file);
        }
        assertArrayEquals(CANONICAL, writeAndRead(loaded), "a snapshot that loads holds exactly the data written");
        assertTrue(loaded.orders().size() > 0 && loaded.events() == 400, "the sample's orders and events are back");
    }

}
