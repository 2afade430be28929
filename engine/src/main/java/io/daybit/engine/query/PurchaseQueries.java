package io.daybit.engine.query;

import io.daybit.engine.store.DatasetStore;
import io.daybit.engine.store.PurchaseIndex;
import org.roaringbitmap.RoaringBitmap;

import java.time.LocalDate;

import static io.daybit.engine.store.PurchaseIndex.DISCOUNT;
import static io.daybit.engine.store.PurchaseIndex.ITEMS;
import static io.daybit.engine.store.PurchaseIndex.PURCHASES;
import static io.daybit.engine.store.PurchaseIndex.PURCHASE_REVENUE;
import static io.daybit.engine.store.PurchaseIndex.REVENUE;

/**
 * Purchase activity of the Customer &amp; Business dashboard (METRICS.md §4) over a sealed
 * {@link DatasetStore}, with any combination of filters. Callers hold the dataset's read lock.
 *
 * <p>The filters split in two: order filters (channel, store) choose the {@link PurchaseIndex} keys
 * to read, account filters choose consent classes and, for recency, a window of creation days.
 * Per period that is a handful of prefix sums, or one rectangle of (creation day, order day) per
 * class under recency, plus one distinct count of buyers.
 */
public final class PurchaseQueries {
    private static final int[] NO_KEYS = {};
    private static final int SLOTS = PurchaseIndex.METRICS + 1;
    private static final int BUYERS = PurchaseIndex.METRICS;

    private PurchaseQueries() {
    }

    /** The filter resolved against the store: which keys, which consent classes, which bitmap. */
    private record Plan(PurchaseFilter filter, int[] keys, int classMask, RoaringBitmap consent, boolean negate) {
    }

    /** Purchase activity over the frame's range and its comparison period. */
    public static PurchaseActivity purchases(DatasetStore store, TimeFrame frame, PurchaseFilter filter) {
        Plan plan = plan(store, filter);
        long[] now = period(store, plan, frame.range());
        long[] before = frame.comparison() == null ? null : period(store, plan, frame.comparison());
        return new PurchaseActivity(frame, filter,
                count(now, before, PURCHASES), count(now, before, BUYERS), count(now, before, REVENUE),
                count(now, before, PURCHASE_REVENUE),
                average(now, before, PURCHASE_REVENUE), average(now, before, ITEMS),
                count(now, before, DISCOUNT));
    }

    private static Metric<Long> count(long[] now, long[] before, int slot) {
        return Metric.ofLong(now[slot], before == null ? null : before[slot]);
    }

    private static Metric<Double> average(long[] now, long[] before, int slot) {
        return Metric.ofDouble(Metric.ratio(now[slot], now[PURCHASES]),
                before == null ? null : Metric.ratio(before[slot], before[PURCHASES]));
    }

    private static Plan plan(DatasetStore store, PurchaseFilter f) {
        int[] keys;
        if (f.store() != null) {
            int id = store.stores().find(f.store());
            if (id == -1) {
                keys = NO_KEYS;
            } else if (f.channel() != null) {
                keys = new int[] {PurchaseIndex.storeKey(f.channel().ordinal(), id)};
            } else {
                keys = new int[] {PurchaseIndex.storeKey(0, id), PurchaseIndex.storeKey(1, id)};
            }
        } else if (f.channel() != null) {
            keys = new int[] {PurchaseIndex.channelKey(f.channel().ordinal())};
        } else {
            keys = new int[] {PurchaseIndex.KEY_ALL};
        }
        PurchaseIndex index = store.purchases();
        if (f.consent() == null) {
            return new Plan(f, keys, PurchaseIndex.EVERY_CLASS, null, false);
        }
        int consented = 0;
        for (int k = 0; k < PurchaseIndex.CLASSES; k++) {
            boolean on = f.consentChannel() == null ? k != 0 : (k & (1 << f.consentChannel().ordinal())) != 0;
            if (on) {
                consented |= 1 << k;
            }
        }
        boolean without = f.consent() == PurchaseFilter.Consent.WITHOUT;
        RoaringBitmap bitmap = f.consentChannel() == null ? index.consentedAny() : index.consentedOn(f.consentChannel());
        return new Plan(f, keys, without ? PurchaseIndex.EVERY_CLASS & ~consented : consented, bitmap, without);
    }

    /** The metrics of one period: the index's metric slots, then buyers. */
    private static long[] period(DatasetStore store, Plan plan, DayRange range) {
        long[] out = new long[SLOTS];
        if (plan.keys().length == 0) {
            return out;
        }
        PurchaseIndex index = store.purchases();
        int from = range.fromEpochDay();
        int to = range.toEpochDay();
        PurchaseFilter.Recency recency = plan.filter().recency();
        if (recency == null) {
            for (int key : plan.keys()) {
                index.totals(key, plan.classMask(), from, to, out);
            }
            if (plan.keys().length == 1 && plan.keys()[0] == PurchaseIndex.KEY_ALL) {
                out[BUYERS] = index.buyers(plan.classMask(), from, to);
            } else {
                out[BUYERS] = index.buyers(plan.keys(), from, to, null, plan.consent(), plan.negate());
            }
        } else {
            int windowStart = windowStart(recency, range.to());
            for (int key : plan.keys()) {
                index.cohortTotals(key, plan.classMask(), windowStart, to, from, to, out);
            }
            RoaringBitmap created = store.createdAccounts().union(windowStart, to);
            out[BUYERS] = index.buyers(plan.keys(), from, to, created, plan.consent(), plan.negate());
        }
        return out;
    }

    /** The first creation day of the recency window ending at {@code end} (METRICS.md §4). */
    static int windowStart(PurchaseFilter.Recency recency, LocalDate end) {
        LocalDate start = switch (recency) {
            case NEW_30D -> end.minusDays(29);
            case NEW_12M -> end.minusMonths(12).plusDays(1);
        };
        return (int) start.toEpochDay();
    }
}
