package io.daybit.engine.ingest;

import io.daybit.engine.codec.DecodedLine;

import java.util.List;

/** What the writer thread applies a batch to: a dataset, seen from the writer's side. */
public interface IngestTarget {
    /**
     * Applies a decoded batch atomically with respect to readers. Called only by the writer thread.
     *
     * @param idempotencyKey the client's key, or null
     */
    IngestResult applyBatch(List<DecodedLine> lines, String idempotencyKey);
}
