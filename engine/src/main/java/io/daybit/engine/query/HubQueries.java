package io.daybit.engine.query;

import io.daybit.engine.model.ServiceAction;
import io.daybit.engine.store.DatasetStore;
import io.daybit.engine.store.DaySeries;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The Customer Hub dashboard's queries (METRICS.md §3) over a sealed {@link DatasetStore}. Each is
 * a handful of prefix-sum lookups and one dyadic bitmap union per period. Callers hold the
 * dataset's read lock.
 */
public final class HubQueries {
    private HubQueries() {
    }

    /** The overview cards of the frame's range, each with its comparison. */
    public static HubOverview overview(DatasetStore store, TimeFrame frame) {
        DayRange r = frame.range();
        DayRange p = frame.comparison();
        return new HubOverview(frame,
                metric(totalAccounts(store, r), p == null ? null : totalAccounts(store, p)),
                metric(sum(store.created(), r), p == null ? null : sum(store.created(), p)),
                metric(active(store, r), p == null ? null : active(store, p)),
                metric(services(store, r), p == null ? null : services(store, p)),
                metric(sum(store.hubRevenue(), r), p == null ? null : sum(store.hubRevenue(), p)));
    }

    /** Service interactions in total and per action. */
    public static ServiceInteractions serviceInteractions(DatasetStore store, TimeFrame frame) {
        DayRange r = frame.range();
        DayRange p = frame.comparison();
        Map<ServiceAction, Metric<Long>> byAction = new EnumMap<>(ServiceAction.class);
        for (ServiceAction a : ServiceAction.values()) {
            DaySeries s = store.service(a);
            byAction.put(a, metric(sum(s, r), p == null ? null : sum(s, p)));
        }
        return new ServiceInteractions(frame,
                metric(services(store, r), p == null ? null : services(store, p)), byAction);
    }

    /**
     * AOV of signed-in purchases with its comparison, and the series over the range.
     *
     * @throws io.daybit.engine.InvalidRequestException when the series would have more than
     *                                                  {@link QueryLimits#MAX_BUCKETS} buckets
     */
    public static AovReport aov(DatasetStore store, TimeFrame frame, Granularity granularity) {
        DayRange r = frame.range();
        QueryLimits.checkBuckets(r, granularity);
        DayRange p = frame.comparison();
        DaySeries orders = store.signedInPurchases();
        DaySeries revenue = store.signedInRevenue();
        long ordersNow = sum(orders, r);
        long revenueNow = sum(revenue, r);
        Long ordersBefore = p == null ? null : sum(orders, p);
        Long revenueBefore = p == null ? null : sum(revenue, p);
        List<AovBucket> series = new ArrayList<>();
        for (DayRange bucket : Buckets.split(r, granularity)) {
            long o = sum(orders, bucket);
            long v = sum(revenue, bucket);
            series.add(new AovBucket(bucket.from(), bucket.to(), o, v, Metric.ratio(v, o)));
        }
        return new AovReport(frame, granularity,
                Metric.ofDouble(Metric.ratio(revenueNow, ordersNow),
                        p == null ? null : Metric.ratio(revenueBefore, ordersBefore)),
                metric(ordersNow, ordersBefore), metric(revenueNow, revenueBefore), series);
    }

    private static Metric<Long> metric(long value, Long previous) {
        return Metric.ofLong(value, previous);
    }

    private static long totalAccounts(DatasetStore store, DayRange range) {
        return store.created().sumUpTo(range.toEpochDay());
    }

    private static long active(DatasetStore store, DayRange range) {
        return store.hubActives().distinctCount(range.fromEpochDay(), range.toEpochDay());
    }

    private static long services(DatasetStore store, DayRange range) {
        long total = 0;
        for (ServiceAction a : ServiceAction.values()) {
            total += sum(store.service(a), range);
        }
        return total;
    }

    /** Σ of a day series over a range. */
    public static long sum(DaySeries series, DayRange range) {
        return series.sum(range.fromEpochDay(), range.toEpochDay());
    }
}
