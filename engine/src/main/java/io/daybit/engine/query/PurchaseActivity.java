package io.daybit.engine.query;

/**
 * Purchase activity over a range with its comparison (METRICS.md §4).
 *
 * @param purchases        orders with a positive total
 * @param buyers           distinct accounts with a purchase
 * @param revenue          Σ total of all orders, refunds included, minor units
 * @param purchaseRevenue  Σ total of purchases, minor units
 * @param aov              purchaseRevenue / purchases
 * @param itemsPerPurchase Σ items of purchases / purchases
 * @param discount         Σ discount of purchases, minor units
 */
public record PurchaseActivity(TimeFrame frame, PurchaseFilter filters, Metric<Long> purchases, Metric<Long> buyers,
                               Metric<Long> revenue, Metric<Long> purchaseRevenue, Metric<Double> aov,
                               Metric<Double> itemsPerPurchase, Metric<Long> discount) {
}
