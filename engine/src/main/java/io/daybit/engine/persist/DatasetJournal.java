package io.daybit.engine.persist;

import io.daybit.engine.DatasetSettings;
import io.daybit.engine.DaybitException;
import io.daybit.engine.EngineConfig;
import io.daybit.engine.UnavailableException;
import io.daybit.engine.codec.Rejection;
import io.daybit.engine.ingest.IngestResult;
import io.daybit.engine.model.Event;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;

/**
 * What a dataset writes to its directory: the log of its batches and its settings. The dataset
 * appends a batch's record before applying it and applies it only once {@link #sync} returned, so
 * that every batch a client was told about is on disk.
 *
 * <p>Single writer: {@link #append}, {@link #sync}, {@link #saveSettings} and {@link #close} are
 * called by the engine's writer thread only.
 */
public final class DatasetJournal implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DatasetJournal.class.getName());
    static final String LOG_DIR = "log";

    /** Receives the batches of a log when a dataset is loaded. */
    @FunctionalInterface
    public interface Replay {
        /**
         * One batch, as it was applied first.
         *
         * @param key    its idempotency key, or null
         * @param result the answer its client got
         * @param events the events it applied
         */
        void batch(String key, IngestResult result, List<Event> events);
    }

    private final String name;
    private final Path dir;
    private final EventLog log;
    private final boolean writable;

    private DatasetJournal(String name, Path dir, EventLog log, boolean writable) {
        this.name = name;
        this.dir = dir;
        this.log = log;
        this.writable = writable;
    }

    static DatasetJournal open(String name, Path dir, EngineConfig config, boolean writable, Replay replay) {
        try {
            EventLog log = EventLog.open(dir.resolve(LOG_DIR), name, 0, config.segmentBytes(),
                    config.minFreeDiskBytes(), writable, (lsn, kind, body) -> {
                    if (kind != BatchRecord.KIND) {
                        throw new CorruptDataException("record " + lsn + " is of unknown kind " + kind);
                    }
                    BatchRecord b = BatchRecord.read(lsn, body);
                    replay.batch(b.key(), b.result(), b.events());
                });
            return new DatasetJournal(name, dir, log, writable);
        } catch (CorruptDataException e) {
            throw new DaybitException("dataset '" + name + "' cannot be loaded: " + e.getMessage());
        } catch (IOException e) {
            throw new DaybitException("dataset '" + name + "' cannot be loaded from " + dir + ": " + e, e);
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

    /** Forces and closes the log. */
    @Override
    public void close() {
        try {
            log.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the log of dataset ''{0}'': {1}", name, e.toString());
        }
    }
}
