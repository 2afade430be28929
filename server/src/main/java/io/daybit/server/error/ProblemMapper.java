package io.daybit.server.error;

import com.fasterxml.jackson.core.JacksonException;
import io.daybit.engine.ConflictException;
import io.daybit.engine.DaybitException;
import io.daybit.engine.InvalidRequestException;
import io.daybit.engine.NotFoundException;
import io.daybit.engine.OverloadedException;
import io.daybit.engine.UnavailableException;
import io.daybit.engine.codec.MalformedBatchException;
import io.daybit.server.dto.Json;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.router.EndpointNotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every exception a request can raise to one problem and status: the engine's hierarchy
 * ({@link InvalidRequestException} 400 with its first parameter, {@link NotFoundException} 404,
 * {@link ConflictException} 409, {@link OverloadedException} 429 and {@link UnavailableException}
 * 503, both with {@code Retry-After}),
 * a malformed batch 400, the server's own {@link HttpProblem}s, and Javalin's responses (an
 * unknown route is a 404). Anything else is a bug: 500, logged with its stack trace, and the
 * answer says nothing of the internals.
 */
public final class ProblemMapper {
    /** The media type of every error answer. */
    public static final String PROBLEM_JSON = "application/problem+json";
    /** Seconds a client should wait before retrying an overloaded or loading server. */
    public static final int RETRY_AFTER_SECONDS = 1;

    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

    private ProblemMapper() {
    }

    /** The problem that answers {@code e}. */
    public static Problem toProblem(Throwable e) {
        if (e instanceof InvalidRequestException ire) {
            String param = ire.params().isEmpty() ? null : ire.params().get(0);
            return Problem.of("invalid-request", "Invalid request", 400, e.getMessage(), param);
        }
        if (e instanceof MalformedBatchException) {
            return Problem.of("malformed-body", "Malformed body", 400, e.getMessage(), null);
        }
        if (e instanceof JacksonException je) {
            return Problem.of("malformed-body", "Malformed body", 400,
                    "the body is not valid JSON: " + je.getOriginalMessage(), null);
        }
        if (e instanceof NotFoundException nfe) {
            return Problem.of("not-found", "Not found", 404, e.getMessage(), nfe.param());
        }
        if (e instanceof ConflictException) {
            return Problem.of("conflict", "Conflict", 409, e.getMessage(), null);
        }
        if (e instanceof OverloadedException) {
            return Problem.of("overloaded", "Too many requests", 429, e.getMessage(), null);
        }
        if (e instanceof UnavailableException) {
            return Problem.of("unavailable", "Service unavailable", 503, e.getMessage(), null);
        }
        if (e instanceof HttpProblem hp) {
            return Problem.of(hp.slug(), hp.title(), hp.status(), hp.getMessage(), hp.param());
        }
        if (e instanceof EndpointNotFound) {
            return Problem.of("not-found", "Not found", 404, "no such route: " + e.getMessage(), null);
        }
        if (e instanceof HttpResponseException hre) {
            HttpStatus status = HttpStatus.forStatus(hre.getStatus());
            return Problem.of("http-" + hre.getStatus(), status.getMessage(), hre.getStatus(), e.getMessage(), null);
        }
        if (e instanceof DaybitException) {
            LOG.error("engine failure", e);
            return Problem.of("internal", "Internal server error", 500, "the engine failed: " + e.getMessage(), null);
        }
        LOG.error("unexpected failure", e);
        return Problem.of("internal", "Internal server error", 500,
                "internal error (" + e.getClass().getSimpleName() + "); see the server log", null);
    }

    /** Writes the problem that answers {@code e}, with the headers its status needs. */
    public static void write(Context ctx, Throwable e) {
        write(ctx, toProblem(e));
    }

    /** Writes a problem with the headers its status needs. */
    public static void write(Context ctx, Problem p) {
        ctx.status(p.status());
        if (p.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"daybit\"");
        }
        if (p.status() == 503 || p.status() == 429) {
            ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }
        ctx.contentType(PROBLEM_JSON);
        ctx.result(Json.bytes(p));
    }
}
