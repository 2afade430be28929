package io.daybit.engine;

import io.daybit.engine.ingest.IngestWriter;
import io.daybit.engine.store.DatasetStore;

import java.util.function.Function;

/** Lets tests in other packages run a function over a dataset's store under its read lock, as a query does. */
public final class DatasetInternals {
    private DatasetInternals() {
    }

    /** The single writer that applies the dataset's batches (e.g. to hold it busy). */
    public static IngestWriter writer(Dataset d) {
        return d.writer();
    }

    /** Runs {@code query} the way every query of the dataset runs: under its read lock. */
    public static <T> T read(Dataset d, Function<DatasetStore, T> query) {
        return d.read(query);
    }
}
