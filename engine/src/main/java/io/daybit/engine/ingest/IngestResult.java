package io.daybit.engine.ingest;

import io.daybit.engine.codec.Rejection;

import java.util.List;

/**
 * The answer to one batch: how many events were applied, and each rejected one with its reason.
 *
 * @param accepted events applied
 * @param rejected events not applied, by line
 * @param replayed true when this batch's idempotency key was already answered: nothing was applied
 *                 now, and {@code accepted} and {@code rejected} are the first answer's (so that a
 *                 caller counting events does not count a retry twice)
 */
public record IngestResult(int accepted, List<Rejection> rejected, boolean replayed) {
    public IngestResult {
        rejected = List.copyOf(rejected);
    }

    /** The answer to a batch applied now. */
    public IngestResult(int accepted, List<Rejection> rejected) {
        this(accepted, rejected, false);
    }

    /** This answer, given again to a retry of its idempotency key. */
    public IngestResult asReplay() {
        return replayed ? this : new IngestResult(accepted, rejected, true);
    }
}
