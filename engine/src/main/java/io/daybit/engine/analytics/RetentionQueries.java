package io.daybit.engine.analytics;

import io.daybit.engine.InvalidRequestException;
import io.daybit.engine.query.Buckets;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.query.QueryLimits;
import io.daybit.engine.store.DatasetStore;
import io.daybit.engine.store.DayBitmapTree;
import org.roaringbitmap.RoaringBitmap;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Retention cohorts (METRICS.md §6) from the store's bitmaps: a cohort is the union of the
 * per-day sets of created accounts over its period clipped to the range, and {@code retained[k]}
 * is its intersection count with the union of the active accounts of period k (hub openings or
 * purchases). Each period's union is built once and shared by every cohort. Callers hold the
 * dataset's read lock.
 */
public final class RetentionQueries {
    private RetentionQueries() {
    }

    /**
     * The cohorts of every week or month that intersects the range.
     *
     * @throws InvalidRequestException when the period is not week or month, or the range is past
     *                                 {@link QueryLimits} (its length, its number of cohorts)
     */
    public static RetentionReport retention(DatasetStore store, DayRange range, Granularity period, RetentionBy by) {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(by, "by");
        if (period != Granularity.WEEK && period != Granularity.MONTH) {
            throw new InvalidRequestException("period must be week or month, got "
                    + (period == null ? null : period.wireName()), "period");
        }
        QueryLimits.checkRange(range, "from", "to");
        QueryLimits.checkCohorts(range, period);
        DayBitmapTree active = by == RetentionBy.PURCHASE ? store.buyers() : store.hubOpened();
        List<LocalDate> starts = new ArrayList<>();
        for (LocalDate s = Buckets.periodStart(range.from(), period); !s.isAfter(range.to());
             s = Buckets.periodEnd(s, period).plusDays(1)) {
            starts.add(s);
        }
        // periods whose whole span ends by range.to can hold retained counts
        List<RoaringBitmap> activeIn = new ArrayList<>(starts.size());
        for (LocalDate s : starts) {
            LocalDate end = Buckets.periodEnd(s, period);
            if (end.isAfter(range.to())) {
                break;
            }
            activeIn.add(active.union((int) s.toEpochDay(), (int) end.toEpochDay()));
        }
        List<Cohort> cohorts = new ArrayList<>(starts.size());
        for (int i = 0; i < starts.size(); i++) {
            LocalDate start = starts.get(i);
            LocalDate end = Buckets.periodEnd(start, period);
            LocalDate from = start.isBefore(range.from()) ? range.from() : start;
            LocalDate to = end.isAfter(range.to()) ? range.to() : end;
            RoaringBitmap members = store.createdAccounts().union((int) from.toEpochDay(), (int) to.toEpochDay());
            List<Long> retained = new ArrayList<>();
            for (int k = i; k < activeIn.size(); k++) {
                retained.add((long) RoaringBitmap.andCardinality(members, activeIn.get(k)));
            }
            cohorts.add(new Cohort(start, end, members.getLongCardinality(), retained));
        }
        return new RetentionReport(range, period, by, cohorts);
    }
}
