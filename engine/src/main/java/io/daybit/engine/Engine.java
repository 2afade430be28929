package io.daybit.engine;

import io.daybit.engine.ingest.IngestWriter;
import io.daybit.engine.persist.DataDirectory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The embeddable Daybit engine: hosts named {@link Dataset}s, each with its own data and settings,
 * and owns the single writer thread that applies every ingested batch. Thread-safe; close it to
 * stop the writer.
 *
 * <pre>{@code
 * try (Engine engine = Engine.inMemory()) {
 *     Dataset shop = engine.createDataset("shop", DatasetSettings.defaults()
 *             .withTimezone(ZoneId.of("Europe/Stockholm")));
 *     shop.ingestNdjson(Files.readAllBytes(Path.of("events.ndjson")), null);
 *     HubOverview o = shop.hubOverview(TimeSpec.of(Preset.LAST_30_DAYS));
 * }
 * }</pre>
 */
public final class Engine implements AutoCloseable {
    /** What a dataset name may look like. */
    public static final Pattern DATASET_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final ConcurrentHashMap<String, Dataset> datasets = new ConcurrentHashMap<>();
    private final IngestWriter writer;
    /** Null in memory. */
    private final DataDirectory directory;
    /** Serialises creation and deletion, so a name is never being created and deleted at once. */
    private final Object catalog = new Object();

    private Engine(DataDirectory directory, EngineConfig.IngestQueue ingestQueue) {
        this.directory = directory;
        this.writer = new IngestWriter("daybit-writer", ingestQueue);
    }

    /** An engine that keeps everything in memory, with the default bounds on waiting ingest. */
    public static Engine inMemory() {
        return new Engine(null, EngineConfig.IngestQueue.DEFAULT);
    }

    /**
     * An engine as configured: in memory, or persistent in a data directory, loading every dataset
     * stored there (its settings, then its log replayed) before it returns.
     *
     * @throws UnavailableException when the data directory cannot be opened (e.g. another process
     *                              has it open)
     * @throws DaybitException      when stored data is damaged beyond what recovery repairs by
     *                              itself (a torn log tail is repaired)
     */
    public static Engine open(EngineConfig config) {
        if (!config.isPersistent()) {
            return new Engine(null, config.ingestQueue());
        }
        DataDirectory directory = DataDirectory.open(config);
        Engine engine = new Engine(directory, config.ingestQueue());
        try {
            for (String name : directory.datasetNames()) {
                engine.load(name);
            }
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    /** A persistent engine in {@code dataDir} with the default settings: {@code open(EngineConfig.persistent(dataDir))}. */
    public static Engine persistent(Path dataDir) {
        return open(EngineConfig.persistent(dataDir));
    }

    /** Loads a stored dataset: its settings, then its log replayed into it through the normal apply path. */
    private void load(String name) {
        Dataset d = new Dataset(name, directory.readSettings(name), writer);
        d.attach(directory.load(name, d.loader()));
        datasets.put(name, d);
    }

    /** The data directory, when the engine persists. */
    public Optional<Path> dataDirectory() {
        return directory == null ? Optional.empty() : Optional.of(directory.path());
    }

    /**
     * Creates a dataset.
     *
     * @throws InvalidRequestException when the name does not match {@link #DATASET_NAME}
     * @throws ConflictException       when a dataset of that name exists
     * @throws UnavailableException    when it cannot be stored in the data directory
     */
    public Dataset createDataset(String name, DatasetSettings settings) {
        checkName(name);
        Objects.requireNonNull(settings, "settings");
        synchronized (catalog) {
            if (datasets.containsKey(name)) {
                throw new ConflictException("dataset '" + name + "' exists already");
            }
            Dataset created = new Dataset(name, settings, writer);
            if (directory != null) {
                created.attach(directory.create(name, settings, created.loader()));
            }
            datasets.put(name, created);
            return created;
        }
    }

    /**
     * The dataset of that name.
     *
     * @throws NotFoundException when there is none
     */
    public Dataset dataset(String name) {
        Dataset d = datasets.get(name);
        if (d == null) {
            throw new NotFoundException("no dataset named '" + name + "'",
                    NotFoundException.DATASET_PARAM);
        }
        return d;
    }

    /** The dataset of that name, if any. */
    public Optional<Dataset> findDataset(String name) {
        return Optional.ofNullable(datasets.get(name));
    }

    /** Every dataset, by name. */
    public List<Dataset> datasets() {
        List<Dataset> all = new ArrayList<>(datasets.values());
        all.sort(Comparator.comparing(Dataset::name));
        return all;
    }

    /**
     * Deletes a dataset and its data, after the batches queued for it before this call.
     *
     * @throws NotFoundException    when there is none
     * @throws UnavailableException when it cannot be deleted from the data directory; it is then
     *                              unchanged
     */
    public void deleteDataset(String name) {
        synchronized (catalog) {
            Dataset d = dataset(name);
            writer.call(() -> {
                if (directory != null) {
                    // the journal closes once no query reads the dataset's files
                    directory.delete(name, () -> d.retire(true));
                }
                d.markDeleted();
                return null;
            });
            datasets.remove(name);
        }
    }

    /**
     * Stops the writer thread after the batches already queued. With a data directory, first
     * writes a snapshot of every dataset changed since its last one (so that the next start loads
     * it instead of replaying the log), then closes the logs and releases the directory.
     */
    @Override
    public void close() {
        if (directory != null && directory.writable()) {
            // a snapshot now makes the next start load instead of replaying
            for (Dataset d : datasets.values()) {
                try {
                    writer.call(() -> {
                        d.snapshotIfChanged();
                        return null;
                    });
                } catch (UnavailableException closed) {
                    break;
                }
            }
        }
        writer.close();
        if (directory != null) {
            for (Dataset d : datasets.values()) {
                d.retire(false);
            }
            directory.close();
        }
    }

    private static void checkName(String name) {
        if (name == null || !DATASET_NAME.matcher(name).matches()) {
            throw new InvalidRequestException("dataset name '" + name + "' must match [a-z0-9][a-z0-9_-]{0,63}",
                    "name");
        }
    }
}
