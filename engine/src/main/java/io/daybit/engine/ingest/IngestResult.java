package io.daybit.engine.ingest;

import io.daybit.engine.codec.Rejection;

import java.util.List;

/**
 * The answer to one batch: how many events were applied, and each rejected one with its reason.
 *
 * @param accepted events applied
 * @param rejected events not applied, by line
 */
public record IngestResult(int accepted, List<Rejection> rejected) {
    public IngestResult {
        rejected = List.copyOf(rejected);
    }
}
