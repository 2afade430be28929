package io.daybit.engine.query;

/**
 * The Customer Hub overview cards (METRICS.md §3), each with its comparison.
 *
 * @param frame               the range and comparison period used
 * @param totalAccounts       accounts created on or before the range's end
 * @param newAccounts         accounts created within the range
 * @param activeAccounts      distinct accounts that opened the hub within the range
 * @param serviceInteractions service events within the range
 * @param revenueGenerated    Σ hub-attributed purchase line amounts within the range, minor units
 */
public record HubOverview(TimeFrame frame, Metric<Long> totalAccounts, Metric<Long> newAccounts,
                          Metric<Long> activeAccounts, Metric<Long> serviceInteractions,
                          Metric<Long> revenueGenerated) {
}
