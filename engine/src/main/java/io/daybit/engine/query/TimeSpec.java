package io.daybit.engine.query;

import io.daybit.engine.InvalidRequestException;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What period a query covers, before it is resolved against today: a preset or explicit range,
 * a comparison rule, and optionally a pinned {@code today} (otherwise the current date in the
 * dataset's timezone) so that answers are reproducible.
 *
 * <pre>{@code
 * TimeSpec.of(Preset.LAST_30_DAYS).compare(Comparison.previousYear()).today(LocalDate.of(2025, 3, 12))
 * }</pre>
 *
 * @param preset     the preset, or null when {@code range} is given
 * @param range      the explicit range, or null when {@code preset} is given
 * @param comparison the comparison rule
 * @param today      the pinned today, or null for the dataset's current date
 */
public record TimeSpec(Preset preset, DayRange range, Comparison comparison, LocalDate today) {
    public TimeSpec {
        if ((preset == null) == (range == null)) {
            // an embedder's contradictory spec is bad input like any other: a 400 in the server, not a 500
            throw new InvalidRequestException(preset == null ? "give a preset, or from and to"
                    : "give either a preset or from and to, not both", "preset", "from", "to");
        }
        Objects.requireNonNull(comparison, "comparison");
    }

    /** A preset, compared with the previous period, today not pinned. */
    public static TimeSpec of(Preset preset) {
        return new TimeSpec(Objects.requireNonNull(preset, "preset"), null, Comparison.previousPeriod(), null);
    }

    /** An explicit range, compared with the previous period, today not pinned. */
    public static TimeSpec of(DayRange range) {
        return new TimeSpec(null, Objects.requireNonNull(range, "range"), Comparison.previousPeriod(), null);
    }

    /** An explicit range [from, to], compared with the previous period. */
    public static TimeSpec of(LocalDate from, LocalDate to) {
        return of(new DayRange(from, to));
    }

    /** The same spec with another comparison rule. */
    public TimeSpec compare(Comparison newComparison) {
        return new TimeSpec(preset, range, newComparison, today);
    }

    /** The same spec with today pinned. */
    public TimeSpec today(LocalDate pinnedToday) {
        return new TimeSpec(preset, range, comparison, pinnedToday);
    }

    /** Resolves the range and its comparison period, using {@code currentDate} unless today is pinned. */
    public TimeFrame resolve(LocalDate currentDate) {
        LocalDate t = today != null ? today : currentDate;
        DayRange r = range != null ? range : preset.resolve(t);
        return new TimeFrame(r, comparison.of(r), t);
    }
}
