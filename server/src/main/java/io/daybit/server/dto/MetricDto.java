package io.daybit.server.dto;

import io.daybit.engine.query.Metric;

/**
 * A metric with its comparison: {@code {"value", "previous", "change_pct", "direction"}}. Counts
 * and money are written as integers, averages as doubles.
 */
public record MetricDto(Number value, Number previous, Double changePct, String direction) {
    public static MetricDto of(Metric<?> m) {
        return new MetricDto(m.value(), m.previous(), m.changePct(),
                m.direction() == null ? null : m.direction().wireName());
    }
}
