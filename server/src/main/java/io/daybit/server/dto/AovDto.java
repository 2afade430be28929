package io.daybit.server.dto;

import io.daybit.engine.query.AovBucket;
import io.daybit.engine.query.AovReport;

import java.util.ArrayList;
import java.util.List;

/** {@code GET .../hub/aov}: AOV, orders and revenue of signed-in purchases, and the series. */
public record AovDto(RangeDto range, RangeDto comparison, String granularity, MetricDto aov, MetricDto orders,
                     MetricDto revenue, List<Bucket> series) {
    /** One bucket of the series, clipped to the range. */
    public record Bucket(String start, String end, long orders, long revenue, Double aov) {
    }

    public static AovDto of(AovReport a) {
        List<Bucket> series = new ArrayList<>(a.series().size());
        for (AovBucket b : a.series()) {
            series.add(new Bucket(b.start().toString(), b.end().toString(), b.orders(), b.revenue(), b.aov()));
        }
        return new AovDto(RangeDto.of(a.frame().range()), RangeDto.of(a.frame().comparison()),
                a.granularity().wireName(), MetricDto.of(a.aov()), MetricDto.of(a.orders()),
                MetricDto.of(a.revenue()), series);
    }
}
