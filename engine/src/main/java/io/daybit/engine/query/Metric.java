package io.daybit.engine.query;

/**
 * A number with its value in the comparison period and the change (METRICS.md §1).
 *
 * @param value     the value in the range; null when undefined (an average over nothing)
 * @param previous  the value in the comparison period; null when undefined or without comparison
 * @param changePct {@code (value − previous) / previous × 100}; null when previous is 0 or either is null
 * @param direction by the sign of value − previous; null when either is null
 * @param <T>       {@link Long} for counts and money, {@link Double} for averages
 */
public record Metric<T extends Number>(T value, T previous, Double changePct, Direction direction) {

    /** A count or sum of money with its comparison; {@code previous} null when there is no comparison. */
    public static Metric<Long> ofLong(long value, Long previous) {
        return of(value, previous);
    }

    /** An average with its comparison; null means undefined. */
    public static Metric<Double> ofDouble(Double value, Double previous) {
        return of(value, previous);
    }

    private static <T extends Number> Metric<T> of(T value, T previous) {
        if (value == null || previous == null) {
            return new Metric<>(value, previous, null, null);
        }
        double v = value.doubleValue();
        double p = previous.doubleValue();
        Double change = p == 0 ? null : (v - p) / p * 100.0;
        int sign = value instanceof Long ? Long.compare(value.longValue(), previous.longValue()) : Double.compare(v, p);
        Direction d = sign > 0 ? Direction.UP : sign < 0 ? Direction.DOWN : Direction.FLAT;
        return new Metric<>(value, previous, change, d);
    }

    /** {@code sum / count}, or null when count is 0. */
    public static Double ratio(long sum, long count) {
        return count == 0 ? null : (double) sum / count;
    }
}
