package io.daybit.engine.query;

import io.daybit.engine.InvalidRequestException;

import java.util.Objects;

/**
 * How the comparison period of a range is chosen.
 *
 * @param kind   which rule
 * @param custom the explicit range when {@code kind} is {@link Kind#CUSTOM}, otherwise null
 */
public record Comparison(Kind kind, DayRange custom) {
    /** The comparison rules of METRICS.md §1. */
    public enum Kind {
        PREVIOUS_PERIOD, PREVIOUS_YEAR, NONE, CUSTOM
    }

    private static final Comparison PREVIOUS_PERIOD = new Comparison(Kind.PREVIOUS_PERIOD, null);
    private static final Comparison PREVIOUS_YEAR = new Comparison(Kind.PREVIOUS_YEAR, null);
    private static final Comparison NONE = new Comparison(Kind.NONE, null);

    public Comparison {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.CUSTOM) != (custom != null)) {
            throw new InvalidRequestException("a custom comparison needs its range, and only it", "compare");
        }
    }

    /** {@code [from − n, from − 1]} for a range of n days (the default). */
    public static Comparison previousPeriod() {
        return PREVIOUS_PERIOD;
    }

    /** The same dates one year earlier (Feb 29 maps to Feb 28). */
    public static Comparison previousYear() {
        return PREVIOUS_YEAR;
    }

    /** No comparison. */
    public static Comparison none() {
        return NONE;
    }

    /** An explicit comparison range. */
    public static Comparison custom(DayRange range) {
        return new Comparison(Kind.CUSTOM, Objects.requireNonNull(range, "range"));
    }

    /** The comparison period of {@code range}, or {@code null} for {@link Kind#NONE}. */
    public DayRange of(DayRange range) {
        return switch (kind) {
            case PREVIOUS_PERIOD -> range.previousPeriod();
            case PREVIOUS_YEAR -> range.previousYear();
            case NONE -> null;
            case CUSTOM -> custom;
        };
    }
}
