package io.daybit.datagen.gen;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/**
 * The window's days in the dataset's timezone: where each local day starts (days of 23 or 25
 * hours included), how busy it is (weekly and yearly seasonality, shopping peaks) and at which
 * hours people open the hub or buy. Day indices count from the window's first day (0) and run
 * from {@code -PRE_DAYS} (the year before, when the existing accounts were created) to
 * {@code days - 1}. Immutable.
 */
final class Calendar {
    /** Days before the window in which the existing base of accounts was created. */
    static final int PRE_DAYS = 366;

    private static final double[] WEEK_HUB = normalised(1.00, 0.97, 0.97, 0.99, 1.02, 1.07, 0.98);
    private static final double[] WEEK_ORDER = normalised(0.93, 0.95, 0.97, 1.00, 1.08, 1.13, 0.94);
    /** Local hours of hub sessions: a morning rise, lunch, and the evening sofa peak. */
    static final Rng.AliasTable HUB_HOURS = new Rng.AliasTable(new double[] {0.6, 0.3, 0.2, 0.15, 0.15, 0.3, 0.8, 1.6, 2.2, 2.4,
        2.4, 2.6, 2.9, 2.6, 2.4, 2.4, 2.6, 3.0, 3.6, 4.2, 4.4, 3.8, 2.6, 1.4});
    /** Local hours of orders: shops open 10–20, the web peaks in the evening. */
    static final Rng.AliasTable ORDER_HOURS = new Rng.AliasTable(new double[] {0.5, 0.25, 0.12, 0.08, 0.08, 0.2, 0.5, 1.0, 1.6, 2.2,
        2.8, 3.0, 3.4, 3.1, 2.9, 2.9, 3.0, 3.2, 3.5, 3.8, 3.9, 3.4, 2.2, 1.1});

    private final int days;
    private final long[] starts; // starts[i + PRE_DAYS] = epoch micros of day i's local midnight; one extra at the end
    private final float[] hubSeason;
    private final float[] orderSeason;
    private final int[] dayOfWeek;
    private float maxHubSeason;
    private float maxOrderSeason;

    Calendar(LocalDate first, int days, ZoneId zone) {
        this.days = days;
        this.starts = new long[PRE_DAYS + days + 1];
        for (int i = -PRE_DAYS; i <= days; i++) {
            starts[i + PRE_DAYS] = first.plusDays(i).atStartOfDay(zone).toEpochSecond() * 1_000_000L;
        }
        hubSeason = new float[days];
        orderSeason = new float[days];
        dayOfWeek = new int[days];
        for (int d = 0; d < days; d++) {
            LocalDate date = first.plusDays(d);
            int dow = date.getDayOfWeek().getValue() - 1;
            double year = StrictMath.cos(2 * StrictMath.PI * (date.getDayOfYear() - 350) / 365.25);
            dayOfWeek[d] = dow;
            hubSeason[d] = (float) (WEEK_HUB[dow] * (1 + 0.12 * year));
            orderSeason[d] = (float) (WEEK_ORDER[dow] * (1 + 0.22 * year) * shoppingPeak(date));
            maxHubSeason = Math.max(maxHubSeason, hubSeason[d]);
            maxOrderSeason = Math.max(maxOrderSeason, orderSeason[d]);
        }
    }

    /** Black Friday to Cyber Monday, the run-up to Christmas and the holidays themselves. */
    private static double shoppingPeak(LocalDate date) {
        if (date.getMonth() == Month.NOVEMBER) {
            LocalDate blackFriday = date.with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.THURSDAY)).plusDays(1);
            if (!date.isBefore(blackFriday)) {
                return 2.0; // through the end of November: Cyber Monday is at most Dec 2, close enough
            }
        } else if (date.getMonth() == Month.DECEMBER) {
            int day = date.getDayOfMonth();
            if (day <= 20) {
                return 1.25;
            }
            if (day >= 24 && day <= 26) {
                return 0.6;
            }
        }
        return 1.0;
    }

    int days() {
        return days;
    }

    /** Epoch micros of the local midnight that starts day {@code d} ({@code -PRE_DAYS ≤ d ≤ days}). */
    long start(int d) {
        return starts[d + PRE_DAYS];
    }

    /** Epoch micros of the last millisecond of day {@code d}. */
    long lastMilli(int d) {
        return starts[d + PRE_DAYS + 1] - 1000;
    }

    float hubSeason(int d) {
        return hubSeason[d];
    }

    float orderSeason(int d) {
        return orderSeason[d];
    }

    /** The largest {@link #hubSeason} of the window. */
    float maxHubSeason() {
        return maxHubSeason;
    }

    /** The largest {@link #orderSeason} of the window. */
    float maxOrderSeason() {
        return maxOrderSeason;
    }

    /** 0 for Monday to 6 for Sunday. */
    int dayOfWeek(int d) {
        return dayOfWeek[d];
    }

    /**
     * The window day of an instant at or after the window's start; {@code days} when it is after
     * the window.
     */
    int dayOf(long micros) {
        int lo = PRE_DAYS;
        int hi = starts.length - 1;
        if (micros >= starts[hi]) {
            return days;
        }
        while (hi - lo > 1) { // invariant: starts[lo] <= micros < starts[hi]
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= micros) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo - PRE_DAYS;
    }

    /** A time on day {@code d}, its hour drawn from {@code hours}, to the millisecond. */
    long timeOfDay(int d, Rng.AliasTable hours, Rng rng) {
        long start = start(d);
        long length = start(d + 1) - start;
        double fraction = (rng.pick(hours) + rng.nextDouble()) / 24.0;
        long t = start + (long) (fraction * length);
        return t - Math.floorMod(t, 1000L);
    }

    /** A uniform time of day {@code d} not before {@code notBefore}, to the millisecond. */
    long timeAfter(int d, long notBefore, Rng rng) {
        long from = Math.max(notBefore, start(d));
        long t = from + rng.nextLong(Math.max(1, start(d + 1) - from));
        t -= Math.floorMod(t, 1000L);
        return Math.max(t, notBefore);
    }

    /** {@code t} plus {@code gapMicros}, kept within day {@code d}. */
    long later(int d, long t, long gapMicros) {
        long later = t + gapMicros;
        later -= Math.floorMod(later, 1000L);
        return Math.max(t, Math.min(later, lastMilli(d)));
    }

    private static double[] normalised(double... weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double[] out = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            out[i] = weights[i] * weights.length / sum;
        }
        return out;
    }
}
