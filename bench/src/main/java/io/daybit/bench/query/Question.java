package io.daybit.bench.query;

import io.daybit.bench.state.Profile;
import io.daybit.engine.Dataset;
import io.daybit.engine.analytics.RetentionBy;
import io.daybit.engine.analytics.Segment;
import io.daybit.engine.analytics.TransitionBy;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.query.PurchaseFilter;
import io.daybit.engine.query.TimeSpec;

import java.util.Locale;

/**
 * Every question the benchmarks ask, and how Daybit answers it: one call of the {@link Dataset}
 * API each, with {@code today} pinned to the profile's last day. The DuckDB side asks the same
 * questions in SQL ({@code io.daybit.bench.peer}).
 */
public enum Question {
    /** Hub overview cards with the previous period (METRICS.md §3). */
    HUB_OVERVIEW(Shape.RANGE) {
        @Override
        public Object ask(Dataset d, Input in) {
            return d.hubOverview(spec(in));
        }
    },
    /** Service interactions in total and per action. */
    SERVICE_INTERACTIONS(Shape.RANGE) {
        @Override
        public Object ask(Dataset d, Input in) {
            return d.serviceInteractions(spec(in));
        }
    },
    /** AOV of signed-in purchases with a daily series. */
    AOV(Shape.RANGE) {
        @Override
        public Object ask(Dataset d, Input in) {
            return d.aov(spec(in), Granularity.DAY);
        }
    },
    /** Users and consent as of a day (METRICS.md §4). */
    USERS_OVERVIEW(Shape.DAY) {
        @Override
        public Object ask(Dataset d, Input in) {
            return d.usersOverview(in.day());
        }
    },
    /** Purchase activity, no filter. */
    PURCHASES(Shape.RANGE) {
        @Override
        public Object ask(Dataset d, Input in) {
            return d.purchases(spec(in), PurchaseFilter.none());
        }
    },
    /** Purchase activity of consented accounts on the web. */
    PURCHASES_CONSENTED_WEB(Shape.RANGE) {
        @Override
        public Object ask(Dataset d, Input in) {
            return d.purchases(spec(in), CONSENTED_WEB);
        }
    },
    /** Purchase activity of accounts created in the last 12 months, in one store. */
    PURCHASES_NEW_12M_STORE(Shape.RANGE) {
        @Override
        public Object ask(Dataset d, Input in) {
            return d.purchases(spec(in), NEW_12M_STORE);
        }
    },
    /** RFM matrix with revenue by persona as of a random day (METRICS.md §5). */
    RFM(Shape.DAY) {
        @Override
        public Object ask(Dataset d, Input in) {
            return d.rfm(in.day());
        }
    },
    /** The same as of today, asked again and again (what a dashboard does). */
    RFM_TODAY(Shape.TODAY) {
        @Override
        public Object ask(Dataset d, Input in) {
            return d.rfm(in.day());
        }
    },
    /** Persona transitions between the first and the last day of the range. */
    TRANSITIONS(Shape.RANGE) {
        @Override
        public Object ask(Dataset d, Input in) {
            return d.transitions(in.from(), in.to(), TransitionBy.PERSONA);
        }
    },
    /** The first page (1,000 ids) of a persona's members as of a random day. */
    MEMBERS(Shape.DAY) {
        @Override
        public Object ask(Dataset d, Input in) {
            return d.members(in.day(), Segment.persona(MEMBERS_PERSONA), MEMBERS_PAGE, null);
        }
    },
    /** Weekly hub retention cohorts over the range (METRICS.md §6). */
    RETENTION(Shape.RANGE) {
        @Override
        public Object ask(Dataset d, Input in) {
            return d.retention(new DayRange(in.from(), in.to()), Granularity.WEEK, RetentionBy.HUB_OPENED);
        }
    };

    /** What varies from one call to the next. */
    public enum Shape {
        /** A range of n days (7, 30 or 365), with its previous period. */
        RANGE,
        /** A random day of the window. */
        DAY,
        /** Always the last day of the window. */
        TODAY
    }

    /** The filter of {@link #PURCHASES_CONSENTED_WEB}. */
    public static final PurchaseFilter CONSENTED_WEB =
            new PurchaseFilter(PurchaseFilter.Consent.WITH, null, null, SalesChannel.WEB, null);
    /** The filter of {@link #PURCHASES_NEW_12M_STORE}. */
    public static final PurchaseFilter NEW_12M_STORE =
            new PurchaseFilter(null, null, PurchaseFilter.Recency.NEW_12M, SalesChannel.STORE, "Stockholm City");
    /** The persona whose members are listed. */
    public static final String MEMBERS_PERSONA = "loyal";
    /** The page size of the members question. */
    public static final int MEMBERS_PAGE = 1_000;

    private final Shape shape;

    Question(Shape shape) {
        this.shape = shape;
    }

    /** What varies from one call to the next. */
    public Shape shape() {
        return shape;
    }

    /** Daybit's answer: the engine's result record. */
    public abstract Object ask(Dataset dataset, Input input);

    /** The name in results: lower case, e.g. {@code hub_overview}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The question of a name, in either case. */
    public static Question of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The name of a measured case: the question and, for ranges, the range length. */
    public String caseName(int rangeDays) {
        return shape == Shape.RANGE ? wireName() + "_" + rangeDays + "d" : wireName();
    }

    private static TimeSpec spec(Input in) {
        return TimeSpec.of(in.from(), in.to()).today(Profile.END);
    }
}
