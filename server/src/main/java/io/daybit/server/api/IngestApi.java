package io.daybit.server.api;

import io.daybit.engine.Dataset;
import io.daybit.engine.InvalidRequestException;
import io.daybit.engine.ingest.IngestResult;
import io.daybit.server.dto.IngestDto;
import io.daybit.server.dto.Json;
import io.daybit.server.security.AccessControl;
import io.javalin.http.Context;

/** Ingest: {@code POST .../events} as NDJSON or a JSON array, with an optional {@code Idempotency-Key}. */
final class IngestApi extends Resource {
    /** The longest idempotency key taken. */
    static final int MAX_KEY_LENGTH = 256;

    IngestApi(Services services) {
        super(services);
    }

    void events(Context ctx, AccessControl.Caller caller) {
        Dataset ds = dataset(ctx);
        boolean ndjson = isNdjson(ctx.contentType());
        String key = ctx.header("Idempotency-Key");
        if (key != null && (key.isEmpty() || key.length() > MAX_KEY_LENGTH)) {
            throw new InvalidRequestException("Idempotency-Key must be 1-" + MAX_KEY_LENGTH + " characters, got "
                    + key.length(), "Idempotency-Key");
        }
        byte[] body = Bodies.read(ctx, services.maxBodyBytes());
        IngestResult result = ndjson ? ds.ingestNdjson(body, key) : ds.ingestJsonArray(body, key);
        services.metrics().ingest(ds.name(), result);
        if (result.replayed()) {
            // the first answer again: say so, as payment APIs do, for clients that log retries
            ctx.header("Idempotent-Replayed", "true");
        }
        send(ctx, Json.bytes(IngestDto.of(result)));
    }

    /** NDJSON or a JSON array, by media type; anything else is 415. */
    private static boolean isNdjson(String contentType) {
        return !MediaTypes.require(contentType, MediaTypes.EVENTS, "application/x-ndjson (one event per line) or "
                + "application/json (an array of events)").equals("application/json");
    }
}
