package io.daybit.engine.ingest;

/**
 * A batch that its dataset has decided on but not applied. The writer makes every batch of a
 * group durable (sharing one fsync per log), then applies the durable ones in order: a batch is
 * visible to queries, and answered, only once it is on disk.
 */
public interface PreparedBatch {
    /**
     * Returns once the batch's record is on disk; nothing to do for an in-memory dataset.
     *
     * @throws io.daybit.engine.UnavailableException when it cannot be stored
     */
    void makeDurable();

    /** Applies the batch atomically with respect to readers and returns its answer. */
    IngestResult apply();

    /** Forgets the batch after {@link #makeDurable} failed: it is never applied. */
    void abandon();

    /** A batch that applies nothing and answers {@code result}, e.g. a retry of a key already answered. */
    static PreparedBatch answered(IngestResult result) {
        return new PreparedBatch() {
            @Override
            public void makeDurable() {
                // nothing was written
            }

            @Override
            public IngestResult apply() {
                return result;
            }

            @Override
            public void abandon() {
                // nothing to forget
            }
        };
    }
}
