package io.daybit.bench.state;

import io.daybit.datagen.profile.GeneratorConfig;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;

/**
 * The data sizes the benchmarks run on, each a data-gen configuration: {@code quick} is for CI
 * smoke runs and finishes in minutes; {@code full} is the size the performance targets are stated
 * for; {@code tiny} is for the tests of the harness itself.
 *
 * @param name   the profile's name
 * @param config what data-gen generates
 */
public record Profile(String name, GeneratorConfig config) {
    /** The last day of every profile: fixed, so that no number depends on the clock. */
    public static final LocalDate END = GeneratorConfig.DEFAULT_END;

    public static final Profile TINY = new Profile("tiny", GeneratorConfig.builder().accounts(2_000).days(120).build());
    public static final Profile QUICK = new Profile("quick", GeneratorConfig.quick());
    public static final Profile FULL = new Profile("full", GeneratorConfig.full());

    public Profile {
        if (!config.end().equals(END)) {
            throw new IllegalArgumentException("every profile ends on " + END);
        }
    }

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

    /** Accounts, guests included. */
    public int accounts() {
        return config.accounts();
    }

    /** Days of the window, ending with {@link #END}. */
    public int days() {
        return config.days();
    }

    /** The seed of the data; the benchmarks' inputs derive from it too. */
    public long seed() {
        return config.seed();
    }

    /** The zone whose calendar days the events fall on: the dataset's timezone. */
    public ZoneId zone() {
        return config.timezone();
    }

    /** The first day of the window (accounts may be created up to a year earlier). */
    public LocalDate first() {
        return END.minusDays(days() - 1L);
    }
}
