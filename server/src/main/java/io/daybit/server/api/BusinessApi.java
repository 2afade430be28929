package io.daybit.server.api;

import io.daybit.engine.Dataset;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.query.PurchaseActivity;
import io.daybit.engine.query.PurchaseFilter;
import io.daybit.engine.query.TimeSpec;
import io.daybit.engine.query.UsersOverview;
import io.daybit.engine.InvalidRequestException;
import io.daybit.server.dto.Json;
import io.daybit.server.dto.PurchasesDto;
import io.daybit.server.dto.StoresDto;
import io.daybit.server.dto.UsersOverviewDto;
import io.daybit.server.security.AccessControl;
import io.javalin.http.Context;

import java.time.LocalDate;

/** The Customer &amp; Business dashboard: {@code /users/overview}, {@code /purchases}, {@code /stores}. */
final class BusinessApi extends Resource {
    BusinessApi(Services services) {
        super(services);
    }

    void usersOverview(Context ctx, AccessControl.Caller caller) {
        Dataset ds = dataset(ctx);
        send(ctx, services.cache().answer(ds, ctx.path(), ctx.queryString(), () -> {
            LocalDate today = params(ctx).date("today");
            LocalDate asOf = today != null ? today : ds.today();
            UsersOverview u = ds.usersOverview(asOf);
            // consent is current state: any consent, contact or creation event changes the answer
            return new ResultCache.Answer(Json.bytes(UsersOverviewDto.of(u)), epochDay(asOf), true);
        }));
    }

    void purchases(Context ctx, AccessControl.Caller caller) {
        Dataset ds = dataset(ctx);
        send(ctx, services.cache().answer(ds, ctx.path(), ctx.queryString(), () -> {
            QueryParams q = params(ctx);
            TimeSpec spec = pinned(ds, q.timeSpec());
            PurchaseFilter filter = filter(q);
            PurchaseActivity p = ds.purchases(spec, filter);
            return new ResultCache.Answer(Json.bytes(PurchasesDto.of(p)), lastDay(p.frame()),
                    filter.consent() != null);
        }));
    }

    void stores(Context ctx, AccessControl.Caller caller) {
        Dataset ds = dataset(ctx);
        send(ctx, services.cache().answer(ds, ctx.path(), ctx.queryString(),
                () -> new ResultCache.Answer(Json.bytes(new StoresDto(ds.stores())), EVERY_DAY, false)));
    }

    private static PurchaseFilter filter(QueryParams q) {
        PurchaseFilter.Consent consent = q.choice("consent", PurchaseFilter.Consent.class, null);
        Channel consentChannel = q.choice("consent_channel", Channel.class, null);
        PurchaseFilter.Recency recency = q.choice("recency", PurchaseFilter.Recency.class, null);
        SalesChannel channel = q.choice("channel", SalesChannel.class, null);
        String store = q.get("store");
        if (store != null && store.isEmpty()) {
            throw new InvalidRequestException("store is empty: give a store name (see /stores)", "store");
        }
        return new PurchaseFilter(consent, consentChannel, recency, channel, store);
    }
}
