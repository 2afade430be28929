package io.daybit.engine.store;

import java.util.Arrays;

/**
 * Distinct accounts active over any range of days, counted without uniting bitmaps.
 *
 * <p>Every (account, active day d) is a <i>gap point</i> {@code (d, p)}, where p is the account's
 * previous active day ({@link #NO_PREVIOUS} for its first). An account active in [f, t] has exactly
 * one active day there whose previous active day lies before f: its first one in the range. So
 *
 * <pre>
 *   distinct accounts active in [f, t]  =  #gap points with  d ∈ [f, t]  and  p &lt; f
 *
 *        p ▲
 *          │        ·   ·        no point lies on or above the diagonal (p &lt; d)
 *      f-1 ┼───┬─────────┐
 *          │   │ counted │
 *          │   │    ·  · │
 *          └───┴─────────┴──▶ d
 *              f         t
 * </pre>
 *
 * a rectangle sum in {@link PlaneSums}: no allocation, and no work that grows with the number of
 * accounts. The same idea answers distinct buyers in {@link PurchaseIndex}.
 *
 * <p>Keeping the points current: an account's days usually arrive in order, and then its new point
 * is {@code (d, last day)}, the last day read from an array. A late day d between p and its
 * successor n replaces the point {@code (n, p)} by {@code (n, d)} and {@code (d, p)}; p and n come
 * from the day sets' tree ({@link DayBitmapTree#previousDay}, {@link DayBitmapTree#nextDay}) in
 * O(log days) contains checks.
 *
 * <p><b>Single writer, seal before reading</b>, like the {@link PlaneSums} it keeps.
 */
public final class ActiveGaps {
    /** The previous day of an account's first active day. */
    public static final int NO_PREVIOUS = Integer.MIN_VALUE;
    private static final long[] ONE = {1};

    private final PlaneSums gaps = new PlaneSums(1);
    /** Per account: its latest active day, or {@link #NO_PREVIOUS}. */
    private int[] lastDay = new int[0];

    /**
     * Records that the account is active on the day, which {@code days} must already hold and must
     * not have held before this call.
     */
    public void added(int epochDay, int account, DayBitmapTree days) {
        ensure(account);
        int last = lastDay[account];
        if (epochDay > last) {
            gaps.add(epochDay, last, ONE, 1);
            lastDay[account] = epochDay;
            return;
        }
        int previous = days.previousDay(epochDay, account, NO_PREVIOUS);
        int next = days.nextDay(epochDay, account, NO_PREVIOUS);
        gaps.add(next, previous, ONE, -1);
        gaps.add(next, epochDay, ONE, 1);
        gaps.add(epochDay, previous, ONE, 1);
    }

    /** The number of distinct accounts active on any day of [from, to]; 0 for an empty range. */
    public long distinctCount(int fromDay, int toDay) {
        if (fromDay > toDay) {
            return 0;
        }
        return gaps.sumOfFirst(fromDay, toDay, NO_PREVIOUS, fromDay - 1);
    }

    /** Makes every change since the last seal visible to readers. */
    public void seal() {
        gaps.seal();
    }

    /**
     * Builds the points of every day of {@code days} into these empty gaps (after a snapshot is
     * read): day by day in ascending order, each day's points counted per previous day first, so
     * that a cell is added once per day rather than once per account.
     */
    public void rebuildFrom(DayBitmapTree days) {
        int[] span = {Integer.MAX_VALUE, Integer.MIN_VALUE};
        days.forEachDay((day, accounts) -> {
            span[0] = Math.min(span[0], day);
            span[1] = Math.max(span[1], day);
        });
        if (span[0] > span[1]) {
            return;
        }
        int first = span[0];
        long[] perPrevious = new long[span[1] - first + 1];
        int[] touched = new int[perPrevious.length];
        int[] touchedCount = {0};
        long[] firstDays = {0};
        long[] count = new long[1];
        days.forEachDay((day, accounts) -> {
            accounts.forEach((int account) -> {
                ensure(account);
                int last = lastDay[account];
                if (last == NO_PREVIOUS) {
                    firstDays[0]++;
                } else if (perPrevious[last - first]++ == 0) {
                    touched[touchedCount[0]++] = last - first;
                }
                lastDay[account] = day;
            });
            if (firstDays[0] != 0) {
                count[0] = firstDays[0];
                gaps.add(day, NO_PREVIOUS, count, 1);
                firstDays[0] = 0;
            }
            for (int i = 0; i < touchedCount[0]; i++) {
                int p = touched[i];
                count[0] = perPrevious[p];
                gaps.add(day, first + p, count, 1);
                perPrevious[p] = 0;
            }
            touchedCount[0] = 0;
        });
        gaps.seal();
    }

    private void ensure(int account) {
        if (account >= lastDay.length) {
            int old = lastDay.length;
            lastDay = Arrays.copyOf(lastDay, Math.max(account + 1, Math.max(1024, old * 2)));
            Arrays.fill(lastDay, old, lastDay.length, NO_PREVIOUS);
        }
    }

    /** Bytes held, roughly. */
    public long sizeInBytes() {
        return gaps.sizeInBytes() + lastDay.length * 4L;
    }
}
