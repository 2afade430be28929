package io.daybit.engine.query;

import io.daybit.engine.Engine;
import io.daybit.engine.model.Event;
import io.daybit.engine.reference.HubCase;
import io.daybit.engine.testdata.RandomEvents;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Customer Hub queries (METRICS.md §3) agree exactly with the brute-force reference model on
 * random cases: random events of {@link RandomEvents} in random arrival orders and batchings,
 * random zones and attribution windows, random ranges, presets, comparisons and pinned todays.
 *
 * <p>Seeds are fixed so that a run is reproducible; {@code -Ddaybit.seed=N} and
 * {@code -Ddaybit.cases=N} explore others. A failing case is shrunk and written to
 * {@code target/regressions/}; copy it to {@code src/test/resources/regressions/} to keep it.
 */
class HubQueriesPropertyTest {
    private static final long BASE_SEED = Long.getLong("daybit.seed", 20_250_312L);
    private static final int CASES = Integer.getInteger("daybit.cases", 300);
    private static final int QUERIES_PER_CASE = 6;

    @Test
    void hubMetricsMatchTheReferenceModelOnRandomCases() throws IOException {
        try (Engine engine = Engine.inMemory()) {
            for (int i = 0; i < CASES; i++) {
                long seed = BASE_SEED + i;
                check(engine, randomCase(seed));
            }
        }
    }

    /** Sparse data over decades, before and after 1970: days far apart, ranges over thousands of days. */
    @Test
    void hubMetricsMatchTheReferenceModelOnSparseDecades() throws IOException {
        try (Engine engine = Engine.inMemory()) {
            for (int i = 0; i < CASES / 10; i++) {
                long seed = BASE_SEED + 1_000_000 + i;
                Random rnd = new Random(seed);
                RandomEvents.Config config = new RandomEvents.Config(
                        RandomEvents.ZONES.get(rnd.nextInt(RandomEvents.ZONES.size())), 24,
                        LocalDate.of(1940 + rnd.nextInt(40), 1 + rnd.nextInt(12), 1), 5_000 + rnd.nextInt(20_000),
                        2 + rnd.nextInt(20), 50 + rnd.nextInt(150));
                check(engine, randomCase(seed, rnd, config));
            }
        }
    }

    private static void check(Engine engine, HubCase c) throws IOException {
        List<String> diffs = c.run(engine);
        if (!diffs.isEmpty()) {
            HubCase small = c.shrink(engine);
            Path file = Path.of("target", "regressions", "hub-" + c.seed() + ".ndjson");
            Files.createDirectories(file.getParent());
            Files.writeString(file, small.toFile(), StandardCharsets.UTF_8);
            fail("seed " + c.seed() + " (" + c.zone() + ", window " + c.windowHours() + "h, "
                    + c.events().size() + " events): " + diffs.size() + " differences, first "
                    + diffs.subList(0, Math.min(5, diffs.size())) + "\nshrunk to " + small.events().size()
                    + " events, written to " + file.toAbsolutePath() + ", differences "
                    + small.run(engine) + "\n" + small.toFile());
        }
    }

    /** The case of a seed: everything about it is drawn from one {@link Random}. */
    static HubCase randomCase(long seed) {
        Random rnd = new Random(seed);
        return randomCase(seed, rnd, RandomEvents.randomConfig(rnd));
    }

    private static HubCase randomCase(long seed, Random rnd, RandomEvents.Config config) {
        List<Event> events = RandomEvents.generate(rnd, config);
        List<Event> arrival = rnd.nextInt(4) == 0 ? events : RandomEvents.shuffled(events, rnd);
        List<HubCase.Query> queries = new ArrayList<>();
        for (int q = 0; q < QUERIES_PER_CASE; q++) {
            queries.add(new HubCase.Query(randomSpec(rnd, config), Granularity.values()[rnd.nextInt(3)]));
        }
        return new HubCase(config.zone(), config.windowHours(), seed, RandomEvents.batches(arrival, rnd), queries);
    }

    /** A random spec around the config's span: presets, explicit ranges, every comparison rule. */
    static TimeSpec randomSpec(Random rnd, RandomEvents.Config c) {
        LocalDate today = c.firstDay().plusDays(rnd.nextInt(c.days() + 60) - 20L);
        TimeSpec spec;
        if (rnd.nextInt(3) == 0) {
            spec = TimeSpec.of(Preset.values()[rnd.nextInt(Preset.values().length)]);
        } else {
            spec = TimeSpec.of(randomRange(rnd, c));
        }
        Comparison cmp;
        switch (rnd.nextInt(5)) {
            case 0:
                cmp = Comparison.previousYear();
                break;
            case 1:
                cmp = Comparison.none();
                break;
            case 2:
                cmp = Comparison.custom(randomRange(rnd, c));
                break;
            default:
                cmp = Comparison.previousPeriod();
        }
        return spec.compare(cmp).today(today);
    }

    private static DayRange randomRange(Random rnd, RandomEvents.Config c) {
        LocalDate from = c.firstDay().plusDays(rnd.nextInt(c.days() + 20) - 10L);
        int length = rnd.nextInt(4) == 0 ? 1 : 1 + rnd.nextInt(c.days() + 10);
        return new DayRange(from, from.plusDays(length - 1L));
    }
}
