package io.daybit.server.api;

import io.daybit.engine.Dataset;
import io.daybit.engine.InvalidRequestException;
import io.daybit.engine.analytics.MemberPage;
import io.daybit.engine.analytics.RfmReport;
import io.daybit.engine.analytics.Segment;
import io.daybit.engine.analytics.Stage;
import io.daybit.engine.analytics.TransitionBy;
import io.daybit.engine.analytics.TransitionMatrix;
import io.daybit.engine.query.QueryLimits;
import io.daybit.server.dto.Json;
import io.daybit.server.dto.MembersDto;
import io.daybit.server.dto.RfmDto;
import io.daybit.server.dto.TransitionsDto;
import io.daybit.server.security.AccessControl;
import io.javalin.http.Context;

import java.time.LocalDate;

/** RFM: {@code /rfm}, {@code /rfm/transitions}, {@code /rfm/members}. */
final class RfmApi extends Resource {
    /** Page size when none is given. */
    static final int DEFAULT_LIMIT = 1_000;

    RfmApi(Services services) {
        super(services);
    }

    void rfm(Context ctx, AccessControl.Caller caller) {
        Dataset ds = dataset(ctx);
        send(ctx, services.cache().answer(ds, ctx.path(), ctx.queryString(), () -> {
            LocalDate asOf = asOf(ds, params(ctx));
            RfmReport r = ds.rfm(asOf);
            return new ResultCache.Answer(Json.bytes(RfmDto.of(r)), epochDay(asOf), false);
        }));
    }

    void transitions(Context ctx, AccessControl.Caller caller) {
        Dataset ds = dataset(ctx);
        send(ctx, services.cache().answer(ds, ctx.path(), ctx.queryString(), () -> {
            QueryParams q = params(ctx);
            LocalDate from = q.requiredDate("from");
            LocalDate to = q.requiredDate("to");
            if (!from.isBefore(to)) {
                throw new InvalidRequestException("from " + from + " must be before to " + to, "from", "to");
            }
            TransitionBy by = q.choice("by", TransitionBy.class, TransitionBy.PERSONA);
            TransitionMatrix t = ds.transitions(from, to, by);
            return new ResultCache.Answer(Json.bytes(TransitionsDto.of(t)), epochDay(to), false);
        }));
    }

    void members(Context ctx, AccessControl.Caller caller) {
        Dataset ds = dataset(ctx);
        send(ctx, services.cache().answer(ds, ctx.path(), ctx.queryString(), () -> {
            QueryParams q = params(ctx);
            LocalDate asOf = asOf(ds, q);
            Segment segment = segment(q);
            int limit = q.integer("limit", DEFAULT_LIMIT, 1, QueryLimits.MAX_MEMBERS);
            String after = q.get("after");
            MemberPage page = ds.members(asOf, segment, limit, after == null || after.isEmpty() ? null : after);
            return new ResultCache.Answer(Json.bytes(MembersDto.of(page)), epochDay(asOf), false);
        }));
    }

    /** {@code as_of}, else the pinned {@code today}, else the dataset's current date. */
    private static LocalDate asOf(Dataset ds, QueryParams q) {
        LocalDate asOf = q.date("as_of");
        if (asOf != null) {
            return asOf;
        }
        LocalDate today = q.date("today");
        return today != null ? today : ds.today();
    }

    /** Exactly one of {@code persona}, {@code stage}, or the cell {@code r}, {@code f}, {@code m}. */
    private static Segment segment(QueryParams q) {
        String persona = q.get("persona");
        String stage = q.get("stage");
        boolean cell = q.has("r") || q.has("f") || q.has("m");
        int given = (persona != null ? 1 : 0) + (stage != null ? 1 : 0) + (cell ? 1 : 0);
        if (given == 0) {
            throw new InvalidRequestException("name a segment: persona=NAME, stage=active|lapsing|inactive, "
                    + "or a cell r=&f=&m= (scores 1-3)", "persona", "stage", "r");
        }
        if (given > 1) {
            throw new InvalidRequestException("name only one segment: persona, stage, or a cell r, f, m",
                    persona != null ? "persona" : "stage");
        }
        if (persona != null) {
            return Segment.persona(persona);
        }
        if (stage != null) {
            return Segment.stage(q.choice("stage", Stage.class, null));
        }
        return Segment.cell(score(q, "r"), score(q, "f"), score(q, "m"));
    }

    private static int score(QueryParams q, String name) {
        if (!q.has(name)) {
            throw new InvalidRequestException("a cell needs r, f and m: " + name + " is missing", name);
        }
        return q.integer(name, 0, 1, 3);
    }
}
