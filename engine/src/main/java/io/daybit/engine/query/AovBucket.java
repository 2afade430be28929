package io.daybit.engine.query;

import java.time.LocalDate;

/**
 * One bucket of the AOV series, clipped to the range.
 *
 * @param orders  signed-in purchases in the bucket
 * @param revenue their Σ total, minor units
 * @param aov     revenue / orders, null when there is no order
 */
public record AovBucket(LocalDate start, LocalDate end, long orders, long revenue, Double aov) {
}
