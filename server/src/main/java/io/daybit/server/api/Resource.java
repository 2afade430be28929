package io.daybit.server.api;

import io.daybit.engine.Dataset;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.TimeFrame;
import io.daybit.engine.query.TimeSpec;
import io.daybit.server.error.HttpProblem;
import io.daybit.server.error.ProblemMapper;
import io.javalin.http.Context;

import java.time.LocalDate;

/** What every resource's handlers share: the services, and small helpers to answer. */
abstract class Resource {
    /** The media type of every JSON answer. */
    static final String JSON = "application/json";

    /** The last day of an answer that may change with an event of any day. */
    static final int EVERY_DAY = Integer.MAX_VALUE - 1;

    final Services services;

    Resource(Services services) {
        this.services = services;
    }

    /** The dataset named by the path: 404 when there is none, 503 while it is still loading. */
    Dataset dataset(Context ctx) {
        String name = ctx.pathParam("ds");
        checkLoaded(name);
        return services.engine().dataset(name);
    }

    /** 503 with {@code Retry-After} while the dataset is being loaded, so that no answer shows part of it. */
    void checkLoaded(String name) {
        if (services.loading().test(name)) {
            throw HttpProblem.unavailable("dataset '" + name + "' is still loading; retry after "
                    + ProblemMapper.RETRY_AFTER_SECONDS + " s");
        }
    }

    /** The request's query parameters. */
    static QueryParams params(Context ctx) {
        return new QueryParams(ctx.queryParamMap());
    }

    /** Writes JSON bytes with a status. */
    static void send(Context ctx, int status, byte[] json) {
        ctx.status(status).contentType(JSON).result(json);
    }

    /** Writes JSON bytes, 200. */
    static void send(Context ctx, byte[] json) {
        send(ctx, 200, json);
    }

    /**
     * The spec with today pinned to the dataset's current date when the request did not pin it, so
     * that the range resolved for the answer and the one the cache keyed it by cannot differ.
     */
    static TimeSpec pinned(Dataset ds, TimeSpec spec) {
        return spec.today() != null ? spec : spec.today(ds.today());
    }

    /** The last epoch day a frame reads: the end of its range or of its comparison. */
    static int lastDay(TimeFrame frame) {
        int last = frame.range().toEpochDay();
        DayRange c = frame.comparison();
        return c == null ? last : Math.max(last, c.toEpochDay());
    }

    /** An epoch day. */
    static int epochDay(LocalDate day) {
        return (int) day.toEpochDay();
    }
}
