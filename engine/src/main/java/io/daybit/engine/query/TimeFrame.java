package io.daybit.engine.query;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A resolved period: the range, its comparison period ({@code null} when there is none), and the
 * today they were resolved against.
 */
public record TimeFrame(DayRange range, DayRange comparison, LocalDate today) {
    public TimeFrame {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(today, "today");
    }
}
