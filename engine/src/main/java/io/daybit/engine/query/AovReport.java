package io.daybit.engine.query;

import java.util.List;

/**
 * Average order value of signed-in purchases (METRICS.md §3), with its comparison and a series over
 * the range.
 */
public record AovReport(TimeFrame frame, Granularity granularity, Metric<Double> aov, Metric<Long> orders,
                        Metric<Long> revenue, List<AovBucket> series) {
    public AovReport {
        series = List.copyOf(series);
    }
}
