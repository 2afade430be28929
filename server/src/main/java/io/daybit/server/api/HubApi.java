package io.daybit.server.api;

import io.daybit.engine.Dataset;
import io.daybit.engine.query.AovReport;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.query.HubOverview;
import io.daybit.engine.query.ServiceInteractions;
import io.daybit.engine.query.TimeSpec;
import io.daybit.server.dto.AovDto;
import io.daybit.server.dto.HubOverviewDto;
import io.daybit.server.dto.Json;
import io.daybit.server.dto.ServiceInteractionsDto;
import io.daybit.server.security.AccessControl;
import io.javalin.http.Context;

/** The Customer Hub dashboard: {@code /hub/overview}, {@code /hub/service-interactions}, {@code /hub/aov}. */
final class HubApi extends Resource {
    HubApi(Services services) {
        super(services);
    }

    void overview(Context ctx, AccessControl.Caller caller) {
        Dataset ds = dataset(ctx);
        send(ctx, services.cache().answer(ds, ctx.path(), ctx.queryString(), () -> {
            TimeSpec spec = pinned(ds, params(ctx).timeSpec());
            HubOverview o = ds.hubOverview(spec);
            return new ResultCache.Answer(Json.bytes(HubOverviewDto.of(o)), lastDay(o.frame()), false);
        }));
    }

    void serviceInteractions(Context ctx, AccessControl.Caller caller) {
        Dataset ds = dataset(ctx);
        send(ctx, services.cache().answer(ds, ctx.path(), ctx.queryString(), () -> {
            TimeSpec spec = pinned(ds, params(ctx).timeSpec());
            ServiceInteractions s = ds.serviceInteractions(spec);
            return new ResultCache.Answer(Json.bytes(ServiceInteractionsDto.of(s)), lastDay(s.frame()), false);
        }));
    }

    void aov(Context ctx, AccessControl.Caller caller) {
        Dataset ds = dataset(ctx);
        send(ctx, services.cache().answer(ds, ctx.path(), ctx.queryString(), () -> {
            QueryParams q = params(ctx);
            TimeSpec spec = pinned(ds, q.timeSpec());
            Granularity granularity = q.choice("granularity", Granularity.class, Granularity.DAY);
            // the engine refuses a series of more than QueryLimits.MAX_BUCKETS buckets, naming granularity
            AovReport a = ds.aov(spec, granularity);
            return new ResultCache.Answer(Json.bytes(AovDto.of(a)), lastDay(a.frame()), false);
        }));
    }
}
