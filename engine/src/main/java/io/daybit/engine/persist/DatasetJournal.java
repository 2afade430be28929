package io.daybit.engine.persist;

import io.daybit.engine.DatasetSettings;
import io.daybit.engine.DaybitException;
import io.daybit.engine.EngineConfig;
import io.daybit.engine.UnavailableException;
import io.daybit.engine.codec.Rejection;
import io.daybit.engine.ingest.IngestResult;
import io.daybit.engine.model.Event;
import io.daybit.engine.store.KeyIndexes;
import io.daybit.engine.store.SnapshotInput;
import io.daybit.engine.store.SnapshotOutput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a dataset writes to its directory: the log of its batches, snapshots of its in-memory
 * state, and its settings. The dataset appends a batch's record before applying it and applies it
 * only once {@link #sync} returned, so that every batch a client was told about is on disk.
 *
 * <p><b>Snapshots.</b> Once the log has grown by {@link EngineConfig#snapshotEveryLogBytes()}
 * since the last snapshot, the dataset writes a new one ({@link #writeSnapshot}) as of the last
 * record applied. The two newest snapshots are kept, and the log segments that only hold records
 * older than the second newest are deleted: if the newest snapshot turns out damaged, loading falls
 * back to the previous one and replays the log from there.
 *
 * <p>Single writer: {@link #append}, {@link #sync}, {@link #writeSnapshot}, {@link #saveSettings}
 * and {@link #close} are called by the engine's writer thread only.
 */
public final class DatasetJournal implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DatasetJournal.class.getName());
    static final String LOG_DIR = "log";
    static final String SNAPSHOT_DIR = "snapshots";
    private static final int SNAPSHOTS_KEPT = 2;

    /**
     * Receives what is stored of a dataset when it is loaded: its index files, a snapshot, then the
     * log after it.
     */
    public interface Replay {
        /** The dataset's account dictionary and order-id index files, before anything else. */
        void start(KeyIndexes indexes);

        /**
         * Reads the dataset's state from a snapshot, without applying it yet.
         *
         * @return what installs the state read, run once the snapshot's checksum is confirmed
         * @throws IllegalStateException when the snapshot is not what this version writes
         */
        Runnable snapshot(SnapshotInput in);

        /**
         * One batch, as it was applied first.
         *
         * @param key    its idempotency key, or null
         * @param result the answer its client got
         * @param events the events it applied
         */
        void batch(String key, IngestResult result, List<Event> events);

        /** After the last batch of the log, before new ones arrive. */
        void loaded();
    }

    private final String name;
    private final Path dir;
    private final EventLog log;
    private final MappedIndexes indexes;
    private final boolean writable;
    private final long snapshotEvery;
    private long snapshotLsn;
    /** {@link EventLog#appendedBytes()} when the last snapshot was written or attempted. */
    private long snapshotAppended;

    private DatasetJournal(String name, Path dir, EventLog log, MappedIndexes indexes, boolean writable,
                           long snapshotEvery, long snapshotLsn) {
        this.name = name;
        this.dir = dir;
        this.log = log;
        this.indexes = indexes;
        this.writable = writable;
        this.snapshotEvery = snapshotEvery;
        this.snapshotLsn = snapshotLsn;
    }

    /**
     * Opens a dataset's journal: opens its index files, loads its newest intact snapshot, then
     * replays the log after it (a new dataset has none of them yet).
     */
    static DatasetJournal open(String name, Path dir, EngineConfig config, boolean writable, Replay replay) {
        MappedIndexes indexes;
        try {
            indexes = MappedIndexes.open(name, dir, config, writable,
                    snapshotLsns(dir.resolve(SNAPSHOT_DIR)).isEmpty());
        } catch (IOException e) {
            throw new DaybitException("dataset '" + name + "' cannot be loaded from " + dir + ": " + e, e);
        }
        try {
            DatasetJournal journal = open(name, dir, config, writable, replay, indexes);
            try {
                replay.loaded();
                // entries of lost records were dropped and their ids go to the next new accounts:
                // the drop must be on disk before a batch that reuses them is
                indexes.force();
            } catch (DaybitException e) {
                journal.close();
                throw new DaybitException("dataset '" + name + "' cannot be loaded: " + e.getMessage(), e);
            } catch (IOException e) {
                journal.close();
                throw new DaybitException("dataset '" + name + "' cannot be loaded: forcing its index files: " + e, e);
            }
            return journal;
        } catch (RuntimeException e) {
            indexes.close();
            throw e;
        }
    }

    private static DatasetJournal open(String name, Path dir, EngineConfig config, boolean writable, Replay replay,
                                       MappedIndexes indexes) {
        replay.start(indexes);
        try {
            if (writable) {
                removeUnfinishedSnapshots(dir.resolve(SNAPSHOT_DIR));
            }
            long afterLsn = loadSnapshot(name, dir.resolve(SNAPSHOT_DIR), replay);
            EventLog log = EventLog.open(dir.resolve(LOG_DIR), name, afterLsn, config.segmentBytes(),
                    config.minFreeDiskBytes(), writable, (lsn, kind, body) -> {
                    if (kind != BatchRecord.KIND) {
                        throw new CorruptDataException("record " + lsn + " is of unknown kind " + kind);
                    }
                    BatchRecord b = BatchRecord.read(lsn, body);
                    replay.batch(b.key(), b.result(), b.events());
                });
            return new DatasetJournal(name, dir, log, indexes, writable, config.snapshotEveryLogBytes(), afterLsn);
        } catch (CorruptDataException | UnsupportedFormatException e) {
            throw new DaybitException("dataset '" + name + "' cannot be loaded: " + e.getMessage());
        } catch (IOException e) {
            throw new DaybitException("dataset '" + name + "' cannot be loaded from " + dir + ": " + e, e);
        }
    }

    /** Loads the newest intact snapshot; returns its LSN, or 0 when there is none. */
    private static long loadSnapshot(String name, Path snapshots, Replay replay) throws IOException {
        List<Long> lsns = snapshotLsns(snapshots);
        for (int i = lsns.size() - 1; i >= 0; i--) {
            long lsn = lsns.get(i);
            Path file = snapshots.resolve(SnapshotFile.name(lsn));
            try {
                Runnable install = SnapshotFile.read(file, lsn, replay::snapshot);
                install.run();
                return lsn;
            } catch (CorruptDataException e) {
                LOG.log(Level.WARNING, "dataset ''{0}'': snapshot {1} is damaged ({2}); trying an older one and "
                        + "more of the log", name, file, e.getMessage());
            }
        }
        return 0;
    }

    /** Deletes the temporary files of snapshots that a crash interrupted. */
    private static void removeUnfinishedSnapshots(Path snapshots) throws IOException {
        if (!Files.isDirectory(snapshots)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(snapshots, "*.tmp")) {
            for (Path f : files) {
                LOG.log(Level.INFO, "removing {0}, a snapshot that a crash interrupted", f);
                Files.delete(f);
            }
        }
    }

    /** The LSNs of the snapshot files in {@code snapshots}, ascending. */
    static List<Long> snapshotLsns(Path snapshots) throws IOException {
        List<Long> lsns = new ArrayList<>();
        if (Files.isDirectory(snapshots)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(snapshots)) {
                for (Path f : files) {
                    long lsn = SnapshotFile.lsnOf(f);
                    if (lsn >= 0) {
                        lsns.add(lsn);
                    }
                }
            }
        }
        lsns.sort(null);
        return lsns;
    }

    /** Whether the log has grown enough since the last snapshot to write a new one. */
    public boolean snapshotDue() {
        return writable && log.appendedBytes() - snapshotAppended >= snapshotEvery;
    }

    /** Whether a record was applied since the last snapshot. */
    public boolean changedSinceSnapshot() {
        return writable && log.durableLsn() > snapshotLsn;
    }

    /**
     * Writes a snapshot as of the last record on disk, which must be the last record applied, then
     * deletes the snapshots and log segments no longer needed. A failure is logged, not thrown:
     * the log alone still holds everything, and ingest goes on.
     *
     * @param body writes the dataset's state
     */
    public void writeSnapshot(Consumer<SnapshotOutput> body) {
        long lsn = log.durableLsn();
        snapshotAppended = log.appendedBytes();
        if (!writable || lsn <= snapshotLsn) {
            return;
        }
        Path snapshots = dir.resolve(SNAPSHOT_DIR);
        long start = System.nanoTime();
        try {
            Files.createDirectories(snapshots);
            // the snapshot counts on the index files holding everything it counts
            indexes.force();
            long bytes = SnapshotFile.write(snapshots, lsn, body::accept);
            snapshotLsn = lsn;
            LOG.log(Level.INFO, "dataset ''{0}'': snapshot as of record {1} written, {2} bytes in {3} ms", name,
                    lsn, bytes, (System.nanoTime() - start) / 1_000_000);
            List<Long> lsns = snapshotLsns(snapshots);
            for (int i = 0; i + SNAPSHOTS_KEPT < lsns.size(); i++) {
                Files.deleteIfExists(snapshots.resolve(SnapshotFile.name(lsns.get(i))));
            }
            if (lsns.size() >= SNAPSHOTS_KEPT) {
                // the previous snapshot stays loadable: keep the log from there
                log.dropSegmentsUpTo(lsns.get(lsns.size() - SNAPSHOTS_KEPT));
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.WARNING, "dataset ''{0}'': could not write a snapshot in {1} ({2}); the log still "
                    + "holds everything, restarts replay more of it", name, snapshots, e.toString());
        }
    }

    /**
     * Writes a batch's record, not yet forced to disk.
     *
     * @param key      the idempotency key, or null
     * @param rejected the lines the batch rejected, for the stored answer
     * @param events   the events it applies
     * @throws UnavailableException when the record cannot be written; nothing of it stays
     */
    public LogTicket append(String key, List<Rejection> rejected, List<? extends Event> events) {
        BinaryWriter w = log.begin(BatchRecord.KIND);
        BatchRecord.write(w, System.currentTimeMillis(), key, rejected, events);
        return log.append();
    }

    /**
     * Returns once the record of {@code ticket} is on disk; records appended together share one
     * force.
     *
     * @throws UnavailableException when it cannot be forced; the record is then thrown away
     */
    public void sync(LogTicket ticket) {
        log.sync(ticket);
    }

    /**
     * Replaces the stored settings atomically.
     *
     * @throws UnavailableException when they cannot be written; the old ones stay
     */
    public void saveSettings(DatasetSettings settings) {
        if (!writable) {
            throw new UnavailableException("dataset '" + name + "' is read-only: its data directory cannot be written");
        }
        try {
            SettingsFile.write(dir, settings);
        } catch (IOException e) {
            throw new UnavailableException("cannot store the settings of dataset '" + name + "' in " + dir + ": "
                    + e, e);
        }
    }

    /** The sequence number of the last batch on disk. */
    public long lastLsn() {
        return log.durableLsn();
    }

    /** Off-heap bytes of the index files' maps. */
    public long offHeapBytes() {
        return indexes.offHeapBytes();
    }

    /** Forces and closes the log, then closes the index files. */
    @Override
    public void close() {
        try {
            log.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the log of dataset ''{0}'': {1}", name, e.toString());
        }
        indexes.close();
    }
}
