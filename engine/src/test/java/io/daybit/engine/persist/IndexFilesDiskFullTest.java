package io.daybit.engine.persist;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.EngineConfig;
import io.daybit.engine.UnavailableException;
import io.daybit.engine.query.TimeSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.daybit.engine.persist.IndexFilesLifecycleTest.orders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A disk that fills up while the index files grow past their expected size: the batch is refused
 * with {@link UnavailableException} and nothing of it is applied or stored, and ingest resumes
 * once there is room. Runs on a small tmpfs of its own, which needs the right to mount one (root,
 * as in CI); fails otherwise ({@link MountsRequired}).
 */
class IndexFilesDiskFullTest {
    private static final LocalDate DAY = LocalDate.of(2024, 3, 1);

    @TempDir
    Path dir;

    private Path mount;

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private Path smallDisk(String size) throws IOException, InterruptedException {
        Path m = dir.resolve("disk");
        Files.createDirectories(m);
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", m.toString());
        if (!mounted) {
            MountsRequired.cannotSetUp("cannot mount a tmpfs at " + m + " to fill it up");
        }
        mount = m;
        return m;
    }

    @AfterEach
    void unmount() throws IOException, InterruptedException {
        if (mount != null) {
            // lazily: a mapping the JVM has not released yet (until a GC) keeps the mount busy
            run("umount", "-l", mount.toString());
        }
    }

    @Test
    void aFullDiskWhileTheIndexFilesGrowRefusesTheBatchWithNothingOfItApplied() throws Exception {
        Path disk = smallDisk("8m");
        // no reserve: the file system's own error is what is left when a batch outgrows the reserve
        EngineConfig config = EngineConfig.persistent(disk.resolve("data")).withExpectedSize(1_000, 1_000)
                .withMinFreeDiskBytes(0);
        Path filler = disk.resolve("filler");
        try (Engine e = Engine.open(config)) {
            Dataset d = e.createDataset("shop", DatasetSettings.defaults());
            assertEquals(100, d.ingest(orders("a", 0, 100)).accepted());
            // room for the batch's log record (about 1.5 MB), not for the index files' growth
            long free = Files.getFileStore(disk).getUsableSpace();
            Files.write(filler, new byte[(int) (free - 2_000_000)]);
            UnavailableException x = assertThrows(UnavailableException.class,
                    () -> d.ingest(orders("b", 0, 20_000), "big"));
            assertTrue(x.getMessage().contains("shop"), x.getMessage());
            assertEquals(100, d.info().events(), "nothing of the refused batch is applied");
            assertEquals(100, d.info().accounts());
            assertEquals(100L, d.purchases(TimeSpec.of(DAY.minusDays(1), DAY.plusDays(30)), null).purchases().value());
            assertEquals(100, d.members(DAY, io.daybit.engine.analytics.Segment.stage(
                    io.daybit.engine.analytics.Stage.ACTIVE), 1_000, null).accounts().size());

            Files.delete(filler);
            assertEquals(20_000, d.ingest(orders("b", 0, 20_000), "big").accepted(),
                    "with room again, the whole batch applies: none of its order ids is taken");
            assertEquals(20_100, d.info().accounts());
        }
        try (Engine e = Engine.open(config)) {
            Dataset d = e.dataset("shop");
            assertEquals(20_100, d.info().events());
            assertEquals(20_100, d.info().accounts());
            assertEquals(20_000, d.ingest(orders("b", 0, 20_000), "big").accepted(), "the key answers as before");
            assertEquals(20_000, d.ingest(orders("b", 0, 20_000)).rejected().size(), "every order id is known");
            try (Engine memory = Engine.inMemory()) {
                Dataset m = memory.createDataset("shop", DatasetSettings.defaults());
                m.ingest(orders("a", 0, 100));
                m.ingest(orders("b", 0, 20_000));
                assertEquals(EngineAnswers.of(m, DAY, DAY.plusDays(14), 1), EngineAnswers.of(d, DAY, DAY.plusDays(14), 1),
                        "the answers of an engine fed the acknowledged batches");
            }
        }
    }

    @Test
    void aDatasetWhoseIndexFilesDoNotFitTheDiskIsNotCreatedAndCanBeOnceThereIsRoom() throws Exception {
        Path disk = smallDisk("8m");
        // the default sizes: about 29 MB of index files, more than the disk holds
        EngineConfig config = EngineConfig.persistent(disk.resolve("data")).withMinFreeDiskBytes(0);
        try (Engine e = Engine.open(config)) {
            UnavailableException x = assertThrows(UnavailableException.class,
                    () -> e.createDataset("shop", DatasetSettings.defaults()));
            assertTrue(x.getMessage().contains("shop"), x.getMessage());
            assertEquals(List.of(), e.datasets());
            assertTrue(run("mount", "-o", "remount,size=64m", disk.toString()));
            Dataset d = e.createDataset("shop", DatasetSettings.defaults());
            assertEquals(100, d.ingest(orders("a", 0, 100)).accepted());
        }
        try (Engine e = Engine.open(config)) {
            assertEquals(List.of("shop"), e.datasets().stream().map(Dataset::name).toList());
            assertEquals(100, e.dataset("shop").info().accounts());
        }
    }

    @Test
    void aDatasetWhoseIndexFilesDoNotFitTheDiskDoesNotComeBackAtTheNextStart() throws Exception {
        Path disk = smallDisk("8m");
        EngineConfig config = EngineConfig.persistent(disk.resolve("data")).withMinFreeDiskBytes(0);
        try (Engine e = Engine.open(config)) {
            assertThrows(UnavailableException.class, () -> e.createDataset("shop", DatasetSettings.defaults()));
        }
        try (Engine e = Engine.open(config.withExpectedSize(1_000, 1_000))) {
            assertEquals(List.of(), e.datasets(), "a creation that failed is not a dataset");
        }
    }
}
