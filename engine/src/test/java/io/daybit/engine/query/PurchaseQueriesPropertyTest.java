package io.daybit.engine.query;

import io.daybit.engine.Engine;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.reference.PurchaseCase;
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
 * Purchase activity and the users overview (METRICS.md §4) agree exactly with the brute-force
 * reference model on random cases: the events of {@link RandomEvents} (guests, accounts created
 * twice, consent and contact flips with equal timestamps, refunds, zero totals, web orders with a
 * store) in random arrival orders and batchings, and random combinations of every filter with
 * random ranges, presets, comparisons and pinned todays.
 *
 * <p>Seeds are fixed; {@code -Ddaybit.seed=N} and {@code -Ddaybit.cases=N} explore others. A failing
 * case is shrunk and written to {@code target/regressions/}; copy it to
 * {@code src/test/resources/regressions/} to keep it.
 */
class PurchaseQueriesPropertyTest {
    private static final long BASE_SEED = Long.getLong("daybit.seed", 20_250_401L);
    private static final int CASES = Integer.getInteger("daybit.cases", 300);
    private static final int QUERIES_PER_CASE = 12;
    private static final String[] STORES = {"Main St", "Göteborg Väst", "東京", "store-1", "no such store"};

    @Test
    void purchaseActivityMatchesTheReferenceModelOnRandomFiltersAndArrivalOrders() throws IOException {
        try (Engine engine = Engine.inMemory()) {
            for (int i = 0; i < CASES; i++) {
                long seed = BASE_SEED + i;
                PurchaseCase c = randomCase(seed);
                List<String> diffs = c.run(engine);
                if (!diffs.isEmpty()) {
                    PurchaseCase small = c.shrink(engine);
                    Path file = Path.of("target", "regressions", "purchases-" + seed + ".ndjson");
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, small.toFile(), StandardCharsets.UTF_8);
                    fail("seed " + seed + " (" + c.zone() + ", " + c.events().size() + " events): " + diffs.size()
                            + " differences, first " + diffs.subList(0, Math.min(5, diffs.size())) + "\nshrunk to "
                            + small.events().size() + " events, written to " + file.toAbsolutePath()
                            + ", differences " + small.run(engine) + "\n" + small.toFile());
                }
            }
        }
    }

    /** The case of a seed: everything about it is drawn from one {@link Random}. */
    static PurchaseCase randomCase(long seed) {
        Random rnd = new Random(seed);
        RandomEvents.Config config = RandomEvents.randomConfig(rnd);
        List<Event> events = RandomEvents.generate(rnd, config);
        List<Event> arrival = rnd.nextInt(4) == 0 ? events : RandomEvents.shuffled(events, rnd);
        List<PurchaseCase.Query> queries = new ArrayList<>();
        for (int q = 0; q < QUERIES_PER_CASE; q++) {
            queries.add(new PurchaseCase.Query(HubQueriesPropertyTest.randomSpec(rnd, config), randomFilter(rnd)));
        }
        List<LocalDate> users = new ArrayList<>();
        for (int u = 0; u < 3; u++) {
            users.add(config.firstDay().plusDays(rnd.nextInt(config.days() + 40) - 20L));
        }
        return new PurchaseCase(config.zone(), seed, RandomEvents.batches(arrival, rnd), queries, users);
    }

    /** Each filter absent half of the time or so, otherwise any of its values. */
    static PurchaseFilter randomFilter(Random rnd) {
        PurchaseFilter.Consent consent = rnd.nextInt(5) < 2 ? null
                : PurchaseFilter.Consent.values()[rnd.nextInt(2)];
        Channel consentChannel = consent == null || rnd.nextBoolean() ? null : Channel.values()[rnd.nextInt(3)];
        PurchaseFilter.Recency recency = rnd.nextInt(5) < 2 ? null : PurchaseFilter.Recency.values()[rnd.nextInt(2)];
        SalesChannel channel = rnd.nextInt(3) == 0 ? SalesChannel.values()[rnd.nextInt(2)] : null;
        String store = rnd.nextInt(3) == 0 ? STORES[rnd.nextInt(STORES.length)] : null;
        return new PurchaseFilter(consent, consentChannel, recency, channel, store);
    }
}
