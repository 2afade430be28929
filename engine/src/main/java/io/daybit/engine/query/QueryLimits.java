package io.daybit.engine.query;

import io.daybit.engine.InvalidRequestException;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * The most one question may cost: the longest range, the most buckets of a series, the most
 * retention cohorts, the largest page of members, and the days a question may name. The engine
 * checks them on every call, so an embedding application gets the same guard as the HTTP API;
 * the server asks the same rules while it parses, so that its errors come in parameter order.
 *
 * <p>Every refusal is an {@link InvalidRequestException} naming the parameter in the HTTP API's
 * spelling, with the limit in its message.
 */
public final class QueryLimits {
    /** The first day a question may name: the years of the instants the engine takes. */
    public static final LocalDate FIRST_DAY = LocalDate.of(1, 1, 1);
    /** The last day a question may name. */
    public static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);
    /** The longest range: a hundred years. No dashboard asks more, and every day of it costs. */
    public static final int MAX_RANGE_DAYS = 36_525;
    /** Most buckets of an AOV series: 27 years by day. */
    public static final int MAX_BUCKETS = 10_000;
    /** Most cohorts of one retention answer: 19 years by week (their retained lists make it quadratic). */
    public static final int MAX_COHORTS = 1_000;
    /** The largest page of RFM segment members. */
    public static final int MAX_MEMBERS = 10_000;

    private QueryLimits() {
    }

    /**
     * Checks a day named by the caller.
     *
     * @throws InvalidRequestException naming {@code param} when it is before {@link #FIRST_DAY} or after
     *                                 {@link #LAST_DAY}
     */
    public static void checkDay(LocalDate day, String param) {
        if (day.isBefore(FIRST_DAY) || day.isAfter(LAST_DAY)) {
            throw new InvalidRequestException(param + " " + day + " is out of range: days run from " + FIRST_DAY
                    + " to " + LAST_DAY, param);
        }
    }

    /**
     * Checks the length of a range.
     *
     * @param param the parameter to name (the range's first day: {@code from}, {@code compare_from})
     * @throws InvalidRequestException when it has more than {@link #MAX_RANGE_DAYS} days
     */
    public static void checkSpan(DayRange range, String param) {
        // in longs: the days between two far-apart LocalDates overflow an int
        long days = ChronoUnit.DAYS.between(range.from(), range.to()) + 1;
        if (days > MAX_RANGE_DAYS) {
            throw new InvalidRequestException("the range " + range.from() + " to " + range.to() + " has "
                    + days + " days: a range may have at most " + MAX_RANGE_DAYS + " (100 years)", param);
        }
    }

    /**
     * Checks what a caller named in a time spec: its explicit range, a custom comparison range, and a
     * pinned today. Presets and derived comparisons are as long as the range they come from.
     */
    public static void checkSpec(TimeSpec spec) {
        if (spec.range() != null) {
            checkRange(spec.range(), "from", "to");
        }
        if (spec.comparison().custom() != null) {
            checkRange(spec.comparison().custom(), "compare_from", "compare_to");
        }
        if (spec.today() != null) {
            checkDay(spec.today(), "today");
        }
    }

    /** Checks both ends of a range and its length; {@code fromParam} is named for the length. */
    public static void checkRange(DayRange range, String fromParam, String toParam) {
        checkDay(range.from(), fromParam);
        checkDay(range.to(), toParam);
        checkSpan(range, fromParam);
    }

    /**
     * Checks the number of buckets of a series.
     *
     * @throws InvalidRequestException naming {@code granularity} when the range has more than
     *                                 {@link #MAX_BUCKETS} periods of it
     */
    public static void checkBuckets(DayRange range, Granularity granularity) {
        checkPeriods(range, granularity, MAX_BUCKETS, "granularity");
    }

    /**
     * Checks the number of retention cohorts.
     *
     * @throws InvalidRequestException naming {@code period} when the range has more than
     *                                 {@link #MAX_COHORTS} periods
     */
    public static void checkCohorts(DayRange range, Granularity period) {
        checkPeriods(range, period, MAX_COHORTS, "period");
    }

    /**
     * Checks the size of a page of members.
     *
     * @throws InvalidRequestException naming {@code limit} when it is not 1–{@link #MAX_MEMBERS}
     */
    public static void checkMembersLimit(int limit) {
        if (limit < 1 || limit > MAX_MEMBERS) {
            throw new InvalidRequestException("limit must be 1-" + MAX_MEMBERS + ", got " + limit, "limit");
        }
    }

    /** The periods of {@code granularity} that intersect {@code range}, refused above {@code max}. */
    private static void checkPeriods(DayRange range, Granularity granularity, int max, String param) {
        LocalDate first = Buckets.periodStart(range.from(), granularity);
        LocalDate last = Buckets.periodStart(range.to(), granularity);
        long periods = switch (granularity) {
            case DAY -> ChronoUnit.DAYS.between(range.from(), range.to()) + 1;
            case WEEK -> ChronoUnit.WEEKS.between(first, last) + 1;
            default -> ChronoUnit.MONTHS.between(first, last) + 1;
        };
        if (periods > max) {
            throw new InvalidRequestException("the range " + range.from() + " to " + range.to() + " has " + periods
                    + " " + granularity.wireName() + "s: at most " + max + " are answered; use a shorter range"
                    + (granularity == Granularity.MONTH ? "" : " or a longer period"), param);
        }
    }
}
