package io.daybit.engine.analytics;

/**
 * Revenue by persona (METRICS.md §5), lifetime up to D.
 *
 * @param revenue      Σ total of all the customers' orders on or before D, refunds included
 * @param revenueShare revenue / Σ revenue of all customers; null when that is 0
 * @param avgClv       revenue / customers; null without customers
 * @param avgOrders    purchases on or before D / customers; null without customers
 * @param aov          Σ purchase totals / purchases on or before D; null without purchases
 */
public record PersonaSummary(String persona, long customers, long revenue, Double revenueShare, Double avgClv,
                             Double avgOrders, Double aov) {
}
