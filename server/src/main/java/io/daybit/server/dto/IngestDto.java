package io.daybit.server.dto;

import io.daybit.engine.codec.Rejection;
import io.daybit.engine.ingest.IngestResult;

import java.util.ArrayList;
import java.util.List;

/** The answer to a batch of events: how many were accepted, and each rejected line with its reason. */
public record IngestDto(int accepted, List<RejectionDto> rejected) {
    /** One rejected event: its 1-based line (or array index + 1) and the reason. */
    public record RejectionDto(int line, String error) {
    }

    public static IngestDto of(IngestResult r) {
        List<RejectionDto> rejected = new ArrayList<>(r.rejected().size());
        for (Rejection x : r.rejected()) {
            rejected.add(new RejectionDto(x.line(), x.error()));
        }
        return new IngestDto(r.accepted(), rejected);
    }
}
