package io.daybit.bench.state;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;

/**
 * The data sizes the benchmarks run on. {@code quick} is for CI smoke runs and finishes in
 * minutes; {@code full} is the size the performance targets are stated for; {@code tiny} is for the
 * tests of the harness itself.
 *
 * @param accounts accounts, guests included
 * @param days     days of events, ending with {@link #END}
 * @param seed     every random choice of the generator derives from it
 */
public record Profile(String name, int accounts, int days, long seed) {
    /** The last day of every profile: fixed, so that no number depends on the clock. */
    public static final LocalDate END = LocalDate.of(2025, 12, 31);
    /** The zone whose calendar days the events fall on. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");

    public static final Profile TINY = new Profile("tiny", 2_000, 120, 11);
    public static final Profile QUICK = new Profile("quick", 50_000, 365, 42);
    public static final Profile FULL = new Profile("full", 1_000_000, 730, 42);

    /** The profile of that name ({@code tiny}, {@code quick} or {@code full}). */
    public static Profile of(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "tiny":
                return TINY;
            case "quick":
                return QUICK;
            case "full":
                return FULL;
            default:
                throw new IllegalArgumentException("unknown profile '" + name + "': use tiny, quick or full");
        }
    }

    /** The first day of events of the window (accounts may be created up to a year earlier). */
    public LocalDate first() {
        return END.minusDays(days - 1L);
    }
}
