package io.daybit.engine.analytics;

/**
 * The two thresholds used for one RFM dimension: in quantile mode the values at positions
 * ⌈n/3⌉ and ⌈2n/3⌉ (null when there is no customer), in fixed mode the configured ones.
 */
public record ScoreThresholds(Long t1, Long t2) {
}
