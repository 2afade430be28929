package io.daybit.engine.analytics;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.InvalidRequestException;
import io.daybit.engine.NotFoundException;
import io.daybit.engine.RfmSettings;
import io.daybit.engine.model.AccountCreated;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.HubOpened;
import io.daybit.engine.model.Order;
import io.daybit.engine.model.OrderLine;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Granularity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Small hand-made cases of METRICS.md §5–6, each checking one rule. */
class RfmExamplesTest {
    private static final LocalDate D = LocalDate.of(2025, 3, 1);
    private Engine engine;
    private Dataset ds;
    private int orders;

    @BeforeEach
    void open() {
        engine = Engine.inMemory();
        ds = engine.createDataset("shop", DatasetSettings.defaults());
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private static long at(LocalDate day) {
        return day.atTime(12, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
    }

    private Order order(String account, LocalDate day, long total) {
        return new Order(account, at(day), null, "o" + orders++, SalesChannel.WEB, null, false,
                List.of(new OrderLine("p", total > 0 ? 1 : -1, total, 0, false)));
    }

    private static PersonaSummary persona(RfmReport r, String name) {
        return r.personas().stream().filter(p -> p.persona().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void refundsCountInPersonaRevenueButNotInMonetary() {
        ds.updateRfm(new RfmSettings(365, RfmSettings.Mode.FIXED, new RfmSettings.Thresholds(30, 90),
                new RfmSettings.Thresholds(2, 4), new RfmSettings.Thresholds(10_000, 50_000),
                RfmSettings.defaultPersonas()));
        ds.ingest(List.of(order("a", D, 20_000), order("a", D, -15_000)));
        RfmReport r = ds.rfm(D);
        // monetary 20,000 (the refund is not a purchase): M = 2; R = 3, F = 1 → cell 312, "recent"
        RfmCell cell = r.cells().get(RfmSettings.cellIndex(3, 1, 2));
        assertEquals(1, cell.customers());
        PersonaSummary recent = persona(r, "recent");
        assertEquals(5_000, recent.revenue());
        assertEquals(1.0, recent.revenueShare());
        assertEquals(1.0, recent.avgOrders());
        assertEquals(20_000.0, recent.aov());
    }

    @Test
    void guestsWithPurchasesAreCustomersAndMembers() {
        ds.ingest(List.of(new AccountCreated("member", at(D), null, Set.of(), Map.of()), order("guest", D, 500)));
        assertEquals(1, ds.rfm(D).customers());
        assertEquals(List.of("guest"), ds.members(D, Segment.stage(Stage.ACTIVE), 10, null).accounts());
    }

    @Test
    void aCustomerLapsesOutOfTheWindowIntoNone() {
        ds.updateRfm(new RfmSettings(30, RfmSettings.Mode.QUANTILE, new RfmSettings.Thresholds(30, 90),
                new RfmSettings.Thresholds(2, 4), new RfmSettings.Thresholds(10_000, 50_000),
                RfmSettings.defaultPersonas()));
        ds.ingest(List.of(order("a", D, 1_000), order("b", D.plusDays(40), 1_000)));
        TransitionMatrix m = ds.transitions(D, D.plusDays(40), TransitionBy.STAGE);
        // a: active on D, gone after 30 days; b: new by D + 40
        assertEquals(List.of("active", "lapsing", "inactive", "none"), m.labels());
        assertEquals(1L, m.counts().get(0).get(3));
        assertEquals(1L, m.counts().get(3).get(0));
        assertEquals(0L, m.counts().get(3).get(3));
        assertEquals(0, ds.rfm(D.plusDays(30)).customers());
        assertEquals(1, ds.rfm(D.plusDays(29)).customers());
    }

    @Test
    void ordersArrivingAfterAQueryAreReflected() {
        ds.ingest(List.of(order("a", D, 1_000)));
        assertEquals(1, ds.rfm(D).customers());
        // for the day already answered, then for an earlier one (late), then for a later one
        ds.ingest(List.of(order("b", D, 2_000)));
        assertEquals(2, ds.rfm(D).customers());
        ds.ingest(List.of(order("c", D.minusDays(10), 3_000)));
        assertEquals(3, ds.rfm(D).customers());
        assertEquals(1, ds.rfm(D.minusDays(10)).customers());
        ds.ingest(List.of(order("d", D.plusDays(1), 3_000)));
        assertEquals(4, ds.rfm(D.plusDays(1)).customers());
        assertEquals(3, ds.rfm(D).customers());
    }

    @Test
    void quantileThresholdsAreTheValuesAtTheTertilePositions() {
        List<Event> events = new ArrayList<>();
        // monetary 100, 200, ..., 700: n = 7, positions ⌈7/3⌉ = 3 and ⌈14/3⌉ = 5
        for (int i = 1; i <= 7; i++) {
            events.add(order("c" + i, D.minusDays(i), 100L * i));
        }
        ds.ingest(events);
        RfmReport r = ds.rfm(D);
        assertEquals(new ScoreThresholds(300L, 500L), r.m());
        assertEquals(new ScoreThresholds(3L, 5L), r.r());
        assertEquals(new ScoreThresholds(1L, 1L), r.f());
        assertEquals(new ScoreThresholds(null, null), ds.rfm(D.minusDays(30)).m());
    }

    @Test
    void membersAreInUtf8OrderAndPagedWithACursor() {
        List<String> ids = List.of("Zed", "alpha", "Ａwide", "😀smile", "Åsa", "z");
        List<Event> events = new ArrayList<>();
        for (String id : ids) {
            events.add(order(id, D, 1_000));
        }
        ds.ingest(events);
        Segment active = Segment.stage(Stage.ACTIVE);
        MemberPage first = ds.members(D, active, 4, null);
        assertEquals(List.of("Zed", "alpha", "z", "Åsa"), first.accounts());
        assertEquals("Åsa", first.next());
        MemberPage second = ds.members(D, active, 4, first.next());
        assertEquals(List.of("Ａwide", "😀smile"), second.accounts());
        assertNull(second.next());
        MemberPage full = ds.members(D, active, 2, "z");
        assertEquals(List.of("Åsa", "Ａwide"), full.accounts());
        assertEquals("Ａwide", full.next());
    }

    @Test
    void badMemberAndTransitionRequestsNameTheirParameter() {
        ds.ingest(List.of(order("a", D, 1_000)));
        assertEquals(List.of("limit"), assertThrows(InvalidRequestException.class,
                () -> ds.members(D, Segment.stage(Stage.ACTIVE), 0, null)).params());
        assertEquals(List.of("limit"), assertThrows(InvalidRequestException.class,
                () -> ds.members(D, Segment.stage(Stage.ACTIVE), 10_001, null)).params());
        assertThrows(NotFoundException.class, () -> ds.members(D, Segment.persona("wizards"), 10, null));
        assertEquals(List.of("from", "to"), assertThrows(InvalidRequestException.class,
                () -> ds.transitions(D, D, TransitionBy.PERSONA)).params());
        assertEquals(List.of("period"), assertThrows(InvalidRequestException.class,
                () -> ds.retention(new DayRange(D, D), Granularity.DAY, RetentionBy.HUB_OPENED)).params());
    }

    @Test
    void retentionCountsActivityInEachPeriodFromTheCohortsOwn() {
        LocalDate monday = LocalDate.of(2025, 3, 3);
        ds.ingest(List.of(
                new AccountCreated("a", at(monday.plusDays(2)), null, Set.of(), Map.of()),
                new AccountCreated("b", at(monday.plusDays(8)), null, Set.of(), Map.of()),
                new HubOpened("a", at(monday), null), // before its creation, same week: counts
                new HubOpened("a", at(monday.plusDays(14)), null),
                new HubOpened("b", at(monday.plusDays(9)), null)));
        RetentionReport r = ds.retention(new DayRange(monday, monday.plusDays(16)), Granularity.WEEK,
                RetentionBy.HUB_OPENED);
        assertEquals(3, r.cohorts().size());
        assertEquals(new Cohort(monday, monday.plusDays(6), 1, List.of(1L, 0L)), r.cohorts().get(0));
        assertEquals(new Cohort(monday.plusDays(7), monday.plusDays(13), 1, List.of(1L)), r.cohorts().get(1));
        // the third week ends after the range: no period of it is complete
        assertEquals(new Cohort(monday.plusDays(14), monday.plusDays(20), 0, List.of()), r.cohorts().get(2));
    }
}
