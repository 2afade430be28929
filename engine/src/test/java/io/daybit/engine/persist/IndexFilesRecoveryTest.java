package io.daybit.engine.persist;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.DaybitException;
import io.daybit.engine.Engine;
import io.daybit.engine.EngineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.daybit.engine.persist.IndexFilesLifecycleTest.orders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What crashes, power cuts and failed loads leave of the index files, and how a restart copes:
 * files a crash left half-created, writes a power cut lost, a load that fails.
 */
class IndexFilesRecoveryTest {

    @TempDir
    Path dir;

    private EngineConfig config() {
        return EngineConfig.persistent(dir).withExpectedSize(1_000, 1_000);
    }

    private Path indexes(Path data) {
        return data.resolve("datasets").resolve("shop").resolve(MappedIndexes.DIR);
    }

    @Test
    void indexFilesACrashLeftHalfCreatedAreCreatedAfreshWhenNoSnapshotNeedsThem() throws IOException {
        try (Engine e = Engine.open(config())) {
            e.createDataset("shop", DatasetSettings.defaults()).ingest(orders("a", 0, 20));
        }
        // a kill while the dataset's index files were being created: the first file exists, empty,
        // the others do not; no snapshot yet, the log holds the batch
        PersistentEngineTest.killedBeforeAnySnapshot(dir, "shop");
        Path idx = indexes(dir);
        for (Path f : mapFiles(idx)) {
            Files.delete(f);
        }
        Files.delete(idx.resolve("closed"));
        Files.deleteIfExists(idx.resolve("complete"));
        Files.write(idx.resolve("accounts.cmap"), new byte[0]);
        long start = System.nanoTime();
        try (Engine e = Engine.open(config())) {
            Dataset d = e.dataset("shop");
            assertEquals(20, d.info().accounts(), "the log replayed into new index files");
            assertEquals(0, d.ingest(orders("a", 0, 20)).accepted());
            assertEquals(5, d.ingest(orders("b", 0, 5)).accepted());
        }
        assertEquals(0, (System.nanoTime() - start) / 20_000_000_000L, "no wait for a file that is never ready");
        try (Engine e = Engine.open(config())) {
            assertEquals(25, e.dataset("shop").info().accounts());
        }
    }

    @Test
    void aFailedLoadLeavesNoIndexFileOpen() throws IOException {
        assertTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc (Linux) to count open files");
        try (Engine e = Engine.open(config())) {
            e.createDataset("shop", DatasetSettings.defaults()).ingest(orders("a", 0, 20));
        }
        // the third file damaged beyond recovery, after a crash: the first two open, the third fails
        Path idx = indexes(dir);
        Files.delete(idx.resolve("closed"));
        byte[] garbage = new byte[4096];
        new Random(1).nextBytes(garbage);
        // marked ready, or Chronicle Map would wait a minute for its creator
        garbage[11] &= 0x7F;
        List<Path> maps = mapFiles(idx);
        Files.write(maps.get(maps.size() - 1), garbage);
        DaybitException x = assertThrows(DaybitException.class, () -> Engine.open(config()));
        assertEquals(true, x.getMessage().contains("shop"), x.getMessage());
        assertEquals(List.of(), openFilesUnder(dir), "files left open by the failed load");
    }

    @Test
    void entriesDroppedAtLoadStayDroppedWhenAPowerCutLosesTheWritesAfterIt() throws IOException {
        try (Engine e = Engine.open(config())) {
            e.createDataset("shop", DatasetSettings.defaults()).ingest(orders("a", 0, 20));
        }
        try (Engine e = Engine.open(config())) {
            e.dataset("shop").ingest(orders("b", 0, 10));
        }
        // the record of the b batch is damaged: its entries in the index files are dropped at the
        // next load, and their ids go to the accounts of the next batch
        Path snapshots = dir.resolve("datasets").resolve("shop").resolve(DatasetJournal.SNAPSHOT_DIR);
        List<Path> both;
        try (Stream<Path> files = Files.list(snapshots)) {
            both = files.sorted().toList();
        }
        Files.delete(both.get(1));
        Path segment = PersistentEngineTest.segments(dir, "shop").get(0);
        PersistentEngineTest.flipByte(segment, Files.size(segment) - 3);
        // what the disk holds of the index files: their content when last forced
        Path disk = dir.resolve("index-files-on-disk");
        Files.createDirectories(disk);
        for (Path f : mapFiles(indexes(dir))) {
            Files.copy(f, disk.resolve(f.getFileName()));
        }
        Path live = indexes(dir).toRealPath();
        MappedIndexes.forced = forcedDir -> {
            if (forcedDir.toRealPath().equals(live)) {
                for (Path f : mapFiles(forcedDir)) {
                    Files.copy(f, disk.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        };
        try (Engine e = Engine.open(config())) {
            Dataset d = e.dataset("shop");
            assertEquals(20, d.info().accounts());
            assertEquals(10, d.ingest(orders("c", 0, 10)).accepted());
            // a power cut now: the c batch is in the log; of the index files, what was last forced
            Path cut = dir.resolve("after-power-cut");
            PersistentEngineTest.copyInUse(dir.resolve("datasets"), cut.resolve("datasets"));
            for (Path f : mapFiles(disk)) {
                Files.copy(f, indexes(cut).resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.deleteIfExists(indexes(cut).resolve("closed"));
            // a power cut restarts the system: the counts of operations in progress are not trusted
            Files.deleteIfExists(indexes(cut).resolve("activity"));
            try (Engine restarted = Engine.open(config().withDataDir(cut))) {
                Dataset r = restarted.dataset("shop");
                assertEquals(30, r.info().accounts());
                assertEquals(0, r.ingest(orders("c", 0, 10)).accepted());
                assertEquals(10, r.ingest(orders("b", 0, 10)).accepted(), "the lost batch's orders are not known");
            }
        } finally {
            MappedIndexes.forced = null;
        }
    }

    @Test
    void aReadOnlyDirectoryThatACrashLeftServesQueriesAndStaysAsItWas() throws Exception {
        try (Engine e = Engine.open(config())) {
            e.createDataset("shop", DatasetSettings.defaults()).ingest(orders("a", 0, 20));
        }
        Path cut = dir.resolve("killed");
        try (Engine e = Engine.open(config())) {
            e.dataset("shop").ingest(orders("b", 0, 10));
            // a kill now: the index files open, holding the b batch, whose record is then damaged
            PersistentEngineTest.copyInUse(dir, cut);
        }
        Path segment = PersistentEngineTest.segments(cut, "shop").get(0);
        PersistentEngineTest.flipByte(segment, Files.size(segment) - 3);
        java.util.Map<Path, String> before = digests(cut);
        List<Path> tempsBefore = readOnlyCopies();
        try (ReadOnly ro = ReadOnly.make(cut.resolve("datasets"))) {
            try (Engine e = Engine.open(config().withDataDir(cut))) {
                assertEquals(true, ro.isReadOnly());
                Dataset d = e.dataset("shop");
                assertEquals(20, d.info().accounts(), "the lost batch's accounts are not counted");
                assertEquals(20, d.members(java.time.LocalDate.of(2024, 3, 1), io.daybit.engine.analytics.Segment
                        .stage(io.daybit.engine.analytics.Stage.ACTIVE), 100, null).accounts().size()
                        + d.members(java.time.LocalDate.of(2024, 3, 1), io.daybit.engine.analytics.Segment
                        .stage(io.daybit.engine.analytics.Stage.LAPSING), 100, null).accounts().size()
                        + d.members(java.time.LocalDate.of(2024, 3, 1), io.daybit.engine.analytics.Segment
                        .stage(io.daybit.engine.analytics.Stage.INACTIVE), 100, null).accounts().size());
            }
        }
        assertEquals(before, digests(cut), "nothing in the read-only directory changed");
        assertEquals(tempsBefore, readOnlyCopies(), "the temporary copies of the index files are gone");
    }

    private static java.util.Map<Path, String> digests(Path root) throws Exception {
        java.util.Map<Path, String> out = new java.util.TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                out.put(root.relativize(p), java.util.HexFormat.of().formatHex(d));
            }
        }
        return out;
    }

    private static List<Path> readOnlyCopies() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("daybit-read-only-indexes-")).sorted().toList();
        }
    }

    /** The Chronicle Map files in a directory of index files. */
    static List<Path> mapFiles(Path indexes) throws IOException {
        try (Stream<Path> files = Files.list(indexes)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".cmap")).sorted().toList();
        }
    }


    /** The files under {@code root} this process has open. */
    static List<String> openFilesUnder(Path root) throws IOException {
        String prefix = root.toRealPath().toString();
        List<String> open = new java.util.ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(prefix)) {
                        open.add(target);
                    }
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        }
        return open;
    }
}
