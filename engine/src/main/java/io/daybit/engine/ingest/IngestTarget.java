package io.daybit.engine.ingest;

import io.daybit.engine.codec.DecodedLine;

import java.util.List;

/** What the writer thread applies a batch to: a dataset, seen from the writer's side. */
public interface IngestTarget {
    /**
     * Decides what a batch does (which lines are rejected, which events applied) and writes its
     * log record when the dataset persists, without applying it yet. Called only by the writer
     * thread, in submission order; a batch prepared later sees the effects of the ones prepared
     * before it, applied or not.
     *
     * @param idempotencyKey the client's key, or null
     */
    PreparedBatch prepare(List<DecodedLine> lines, String idempotencyKey);

    /**
     * Called on the writer thread after a group of batches that included one of this target's
     * was answered: housekeeping that must not delay the answers (a persistent dataset writes a
     * snapshot here when one is due).
     */
    default void afterGroup() {
    }
}
