package io.daybit.server.api;

import io.daybit.server.dto.HealthDto;
import io.daybit.server.dto.Json;
import io.daybit.server.error.ProblemMapper;
import io.daybit.server.ops.ServerMetrics;
import io.daybit.server.security.AccessControl;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Operations and the page: {@code /health}, {@code /metrics}, {@code /openapi.json}, {@code /}. */
final class OpsApi extends Resource {
    /** The OpenAPI description, a resource kept in step with {@link Routes} by a test. */
    static final String OPENAPI_RESOURCE = "/openapi.json";
    /** The dashboard page. */
    static final String PAGE_RESOURCE = "/web/index.html";

    private final byte[] openapi = resource(OPENAPI_RESOURCE);
    private final byte[] page = resource(PAGE_RESOURCE);
    private final byte[] ok = Json.bytes(new HealthDto("ok"));
    private final byte[] loading = Json.bytes(new HealthDto("loading"));

    OpsApi(Services services) {
        super(services);
    }

    void health(Context ctx, AccessControl.Caller caller) {
        if (services.ready().getAsBoolean()) {
            send(ctx, ok);
        } else {
            ctx.header("Retry-After", Integer.toString(ProblemMapper.RETRY_AFTER_SECONDS));
            send(ctx, 503, loading);
        }
    }

    void metrics(Context ctx, AccessControl.Caller caller) {
        ctx.contentType(ServerMetrics.contentType()).result(services.metrics().scrape());
    }

    void openapi(Context ctx, AccessControl.Caller caller) {
        send(ctx, openapi);
    }

    void page(Context ctx, AccessControl.Caller caller) {
        ctx.contentType("text/html; charset=utf-8").result(page);
    }

    private static byte[] resource(String name) {
        try (InputStream in = OpsApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
