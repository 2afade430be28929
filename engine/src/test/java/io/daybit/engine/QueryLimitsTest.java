package io.daybit.engine;

import io.daybit.engine.analytics.RetentionBy;
import io.daybit.engine.analytics.Segment;
import io.daybit.engine.analytics.Stage;
import io.daybit.engine.query.Comparison;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.query.PurchaseFilter;
import io.daybit.engine.query.QueryLimits;
import io.daybit.engine.query.TimeSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The limits on one question's cost hold for an embedding application exactly as for the HTTP API:
 * each refusal is an {@link InvalidRequestException} naming the parameter, and the largest question
 * within a limit is answered.
 */
class QueryLimitsTest {
    private static final LocalDate TO = LocalDate.of(2025, 12, 31);
    private Engine engine;
    private Dataset ds;

    @BeforeEach
    void openDataset() {
        engine = Engine.inMemory();
        ds = engine.createDataset("limits", DatasetSettings.defaults());
        ds.ingestNdjson("""
                {"type":"hub_opened","account":"a","ts":"2025-03-02T10:00:00Z"}
                {"type":"order","account":"a","ts":"2025-03-02T18:30:00Z","order_id":"A-1","signed_in":true,"lines":[{"product":"p","quantity":1,"amount":100}]}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private static void refused(String param, String fragment, Executable call) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, call);
        assertEquals(param, e.params().get(0), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    private static TimeSpec days(int n) {
        return TimeSpec.of(TO.minusDays(n - 1L), TO).compare(Comparison.none()).today(TO);
    }

    @Test
    void aRangeOfAHundredYearsIsAnsweredAndOneDayMoreIsRefusedNamingFrom() {
        assertDoesNotThrow(() -> ds.hubOverview(days(QueryLimits.MAX_RANGE_DAYS)));
        refused("from", "at most 36525", () -> ds.hubOverview(days(QueryLimits.MAX_RANGE_DAYS + 1)));
        refused("from", "at most 36525", () -> ds.serviceInteractions(days(QueryLimits.MAX_RANGE_DAYS + 1)));
        refused("from", "at most 36525", () -> ds.purchases(days(QueryLimits.MAX_RANGE_DAYS + 1), null));
        refused("from", "at most 36525", () -> ds.resolve(days(QueryLimits.MAX_RANGE_DAYS + 1)));
    }

    @Test
    void aCustomComparisonTooLongIsRefusedNamingCompareFrom() {
        TimeSpec spec = days(7).compare(Comparison.custom(new DayRange(LocalDate.of(1900, 1, 1), TO)));
        refused("compare_from", "at most 36525", () -> ds.hubOverview(spec));
    }

    @Test
    void daysBeyondTheYearsOfTheEngineAreRefusedNamingTheirParameter() {
        TimeSpec huge = TimeSpec.of(LocalDate.MIN, LocalDate.MAX).compare(Comparison.none()).today(TO);
        refused("from", "out of range", () -> ds.hubOverview(huge));
        refused("to", "out of range", () -> ds.hubOverview(
                TimeSpec.of(LocalDate.of(9999, 12, 30), LocalDate.of(10_000, 1, 1)).today(TO)));
        refused("today", "out of range", () -> ds.hubOverview(TimeSpec.of(
                io.daybit.engine.query.Preset.LAST_7_DAYS).today(LocalDate.of(10_000, 1, 1))));
        refused("today", "out of range", () -> ds.usersOverview(LocalDate.MAX));
        refused("as_of", "out of range", () -> ds.rfm(LocalDate.MIN));
        refused("to", "out of range", () -> ds.transitions(TO, LocalDate.MAX, null));
    }

    @Test
    void anAovSeriesOfTenThousandBucketsIsAnsweredAndOneMoreIsRefusedNamingGranularity() {
        assertEquals(QueryLimits.MAX_BUCKETS,
                ds.aov(days(QueryLimits.MAX_BUCKETS), Granularity.DAY).series().size());
        refused("granularity", "at most 10000", () -> ds.aov(days(QueryLimits.MAX_BUCKETS + 1), Granularity.DAY));
        assertDoesNotThrow(() -> ds.aov(days(QueryLimits.MAX_BUCKETS + 1), Granularity.WEEK));
    }

    @Test
    void retentionOfAThousandCohortsIsAnsweredAndMoreAreRefusedNamingPeriod() {
        DayRange weeks = new DayRange(LocalDate.of(2025, 12, 29).minusWeeks(QueryLimits.MAX_COHORTS - 1L), TO);
        assertEquals(QueryLimits.MAX_COHORTS,
                ds.retention(weeks, Granularity.WEEK, RetentionBy.HUB_OPENED).cohorts().size());
        DayRange more = new DayRange(weeks.from().minusDays(1), TO);
        refused("period", "at most 1000", () -> ds.retention(more, Granularity.WEEK, RetentionBy.PURCHASE));
        assertDoesNotThrow(() -> ds.retention(more, Granularity.MONTH, RetentionBy.PURCHASE));
        refused("from", "at most 36525", () -> ds.retention(
                new DayRange(TO.minusDays(QueryLimits.MAX_RANGE_DAYS), TO), Granularity.MONTH, null));
    }

    @Test
    void aPageOfMembersIsOneToTenThousandNamingLimit() {
        Segment active = Segment.stage(Stage.ACTIVE);
        assertDoesNotThrow(() -> ds.members(TO, active, QueryLimits.MAX_MEMBERS, null));
        refused("limit", "1-10000", () -> ds.members(TO, active, 0, null));
        refused("limit", "1-10000", () -> ds.members(TO, active, QueryLimits.MAX_MEMBERS + 1, null));
    }

    @Test
    void aFilterDoesNotLiftTheRangeLimit() {
        PurchaseFilter filter = new PurchaseFilter(null, null, null, null, "nowhere");
        refused("from", "at most 36525", () -> ds.purchases(days(QueryLimits.MAX_RANGE_DAYS + 1), filter));
    }
}
