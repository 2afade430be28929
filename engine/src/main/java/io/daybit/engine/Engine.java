package io.daybit.engine;

import io.daybit.engine.ingest.IngestWriter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
    private final IngestWriter writer = new IngestWriter("daybit-writer");

    private Engine() {
    }

    /** An engine that keeps everything in memory. */
    public static Engine inMemory() {
        return new Engine();
    }

    /**
     * Creates a dataset.
     *
     * @throws InvalidRequestException when the name does not match {@link #DATASET_NAME}
     * @throws ConflictException       when a dataset of that name exists
     */
    public Dataset createDataset(String name, DatasetSettings settings) {
        checkName(name);
        Dataset created = new Dataset(name, settings, writer);
        if (datasets.putIfAbsent(name, created) != null) {
            throw new ConflictException("dataset '" + name + "' exists already");
        }
        return created;
    }

    /**
     * The dataset of that name.
     *
     * @throws NotFoundException when there is none
     */
    public Dataset dataset(String name) {
        Dataset d = datasets.get(name);
        if (d == null) {
            throw new NotFoundException("no dataset named '" + name + "'");
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
     * Deletes a dataset and its data.
     *
     * @throws NotFoundException when there is none
     */
    public void deleteDataset(String name) {
        Dataset d = datasets.remove(name);
        if (d == null) {
            throw new NotFoundException("no dataset named '" + name + "'");
        }
        d.markDeleted();
    }

    /** Stops the writer thread after the batches already queued. */
    @Override
    public void close() {
        writer.close();
    }

    private static void checkName(String name) {
        if (name == null || !DATASET_NAME.matcher(name).matches()) {
            throw new InvalidRequestException("dataset name '" + name + "' must match [a-z0-9][a-z0-9_-]{0,63}",
                    "name");
        }
    }
}
