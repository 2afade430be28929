package io.daybit.engine.query;

import io.daybit.engine.InvalidRequestException;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** A range of calendar days {@code [from, to]}, both inclusive, never empty. */
public record DayRange(LocalDate from, LocalDate to) {
    public DayRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isAfter(to)) {
            throw new InvalidRequestException("from " + from + " is after to " + to, "from", "to");
        }
    }

    /** A range of one day. */
    public static DayRange of(LocalDate day) {
        return new DayRange(day, day);
    }

    /** Number of days, both ends included. */
    public int days() {
        return (int) (ChronoUnit.DAYS.between(from, to) + 1);
    }

    /** The epoch day of {@code from}. */
    public int fromEpochDay() {
        return (int) from.toEpochDay();
    }

    /** The epoch day of {@code to}. */
    public int toEpochDay() {
        return (int) to.toEpochDay();
    }

    /** The n days just before this range: {@code [from − n, from − 1]}. */
    public DayRange previousPeriod() {
        int n = days();
        return new DayRange(from.minusDays(n), from.minusDays(1));
    }

    /** The same dates one year earlier; Feb 29 maps to Feb 28. */
    public DayRange previousYear() {
        return new DayRange(from.minusYears(1), to.minusYears(1));
    }
}
