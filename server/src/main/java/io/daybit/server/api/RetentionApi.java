package io.daybit.server.api;

import io.daybit.engine.Dataset;
import io.daybit.engine.InvalidRequestException;
import io.daybit.engine.analytics.RetentionBy;
import io.daybit.engine.analytics.RetentionReport;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.query.QueryLimits;
import io.daybit.server.dto.Json;
import io.daybit.server.dto.RetentionDto;
import io.daybit.server.security.AccessControl;
import io.javalin.http.Context;

/** Retention cohorts: {@code /retention}. */
final class RetentionApi extends Resource {
    RetentionApi(Services services) {
        super(services);
    }

    void retention(Context ctx, AccessControl.Caller caller) {
        Dataset ds = dataset(ctx);
        send(ctx, services.cache().answer(ds, ctx.path(), ctx.queryString(), () -> {
            QueryParams q = params(ctx);
            DayRange range = ds.resolve(pinned(ds, q.rangeSpec())).range();
            Granularity period = period(q);
            // the engine's rule, asked before "by" is parsed so that errors keep the parameters' order
            QueryLimits.checkCohorts(range, period);
            RetentionBy by = q.choice("by", RetentionBy.class, RetentionBy.HUB_OPENED);
            RetentionReport r = ds.retention(range, period, by);
            return new ResultCache.Answer(Json.bytes(RetentionDto.of(r)), epochDay(range.to()), false);
        }));
    }

    private static Granularity period(QueryParams q) {
        String v = q.get("period");
        if (v == null) {
            return Granularity.WEEK;
        }
        Granularity g = Granularity.fromWire(v);
        if (g != Granularity.WEEK && g != Granularity.MONTH) {
            throw new InvalidRequestException("unknown period '" + v + "': allowed week, month", "period");
        }
        return g;
    }
}
