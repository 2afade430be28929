package io.daybit.engine;

import io.daybit.engine.analytics.RetentionBy;
import io.daybit.engine.analytics.Segment;
import io.daybit.engine.analytics.Stage;
import io.daybit.engine.analytics.TransitionBy;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.query.Comparison;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.query.Preset;
import io.daybit.engine.query.PurchaseFilter;
import io.daybit.engine.query.TimeSpec;
import io.daybit.engine.reference.DashboardCase;
import io.daybit.engine.reference.ReferenceModel;
import io.daybit.engine.testdata.RandomEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Customer &amp; Business, RFM and retention queries (METRICS.md §4–6) agree exactly with the
 * reference model on random events, arrival orders, batchings and settings (RFM modes, lookbacks,
 * thresholds and persona maps).
 *
 * <p>{@code -Ddaybit.seed=N} and {@code -Ddaybit.cases=N} explore other seeds; a failing case (its
 * settings, events, batches and the queries that disagreed) is written to {@code target/regressions/}
 * in {@link DashboardCase}'s file format; copy it to {@code src/test/resources/regressions/} to keep
 * it, where {@code DashboardRegressionFilesTest} replays it.
 */
class DashboardsPropertyTest {
    private static final long BASE_SEED = Long.getLong("daybit.seed", 20_250_312L) + 5_000_000L;
    private static final int CASES = Integer.getInteger("daybit.cases", 300) / 3;
    private static final String[] STORES = {"Main St", "Göteborg Väst", "東京", "store-1", "nowhere"};
    private static Engine engine;

    @BeforeAll
    static void start() {
        engine = Engine.inMemory();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    /** A loaded random dataset and its model, fed the same batches. */
    private record Loaded(long seed, RandomEvents.Config config, Dataset dataset, ReferenceModel model,
                          List<List<Event>> batches, Random rnd) {
    }

    private static Loaded load(long seed) {
        Random rnd = new Random(seed);
        RandomEvents.Config config = RandomEvents.randomConfig(rnd);
        List<Event> events = RandomEvents.generate(rnd, config);
        List<Event> arrival = rnd.nextInt(4) == 0 ? events : RandomEvents.shuffled(events, rnd);
        List<List<Event>> batches = RandomEvents.batches(arrival, rnd);
        RfmSettings rfm = randomRfm(rnd);
        Dataset d = engine.createDataset("dash-" + seed, DatasetSettings.defaults().withTimezone(config.zone())
                .withAttributionWindowHours(config.windowHours()).withRfm(rfm));
        ReferenceModel model = new ReferenceModel(config.zone(), config.windowHours(), rfm);
        for (List<Event> batch : batches) {
            d.ingest(batch);
            model.ingest(batch);
        }
        return new Loaded(seed, config, d, model, batches, rnd);
    }

    /**
     * Runs the queries {@code queries} makes over many loaded random datasets, failing on the first
     * case where any disagrees with the model. The failing case (its settings, events, batches and
     * the queries that disagreed) is written to {@code target/regressions/dashboards-SEED.ndjson}
     * in {@link DashboardCase}'s format, after checking that the file reproduces the failure.
     */
    private static void forEveryCase(long salt, Function<Loaded, List<DashboardCase.Query>> queries)
            throws IOException {
        for (int i = 0; i < CASES; i++) {
            long seed = BASE_SEED + salt + i;
            Loaded l = load(seed);
            List<String> diffs = new ArrayList<>();
            List<DashboardCase.Query> failing = new ArrayList<>();
            try {
                for (DashboardCase.Query q : queries.apply(l)) {
                    List<String> found = q.disagreements(l.dataset(), l.model());
                    if (!found.isEmpty()) {
                        failing.add(q);
                        found.forEach(d -> diffs.add(q.toJson() + ": " + d));
                    }
                }
            } finally {
                engine.deleteDataset(l.dataset().name());
            }
            if (!diffs.isEmpty()) {
                DashboardCase kept = new DashboardCase(l.config().zone(), l.config().windowHours(),
                        l.model().rfmSettings(), seed, l.batches(), failing);
                Path file = Path.of("target", "regressions", "dashboards-" + seed + ".ndjson");
                Files.createDirectories(file.getParent());
                Files.writeString(file, kept.toFile(), StandardCharsets.UTF_8);
                boolean reproduces = !DashboardCase.fromFile(Files.readString(file, StandardCharsets.UTF_8))
                        .run(engine).isEmpty();
                fail("seed " + seed + " (" + l.config() + ", rfm " + l.model().rfmSettings() + "): "
                        + diffs.subList(0, Math.min(8, diffs.size())) + "\ncase written to " + file.toAbsolutePath()
                        + (reproduces ? " (it reproduces the failure: copy it to src/test/resources/regressions/ to keep it)"
                        : " (WARNING: replaying the file does not reproduce the failure)"));
            }
        }
    }

    @Test
    void usersAndPurchaseActivityMatchTheReferenceModel() throws IOException {
        forEveryCase(0, l -> {
            List<DashboardCase.Query> queries = new ArrayList<>();
            Random rnd = l.rnd();
            for (int q = 0; q < 4; q++) {
                queries.add(new DashboardCase.Users(randomDay(rnd, l.config())));
                TimeSpec spec = randomSpec(rnd, l.config());
                queries.add(new DashboardCase.Purchases(spec, randomFilter(rnd)));
            }
            return queries;
        });
    }

    @Test
    void rfmTransitionsAndMembersMatchTheReferenceModel() throws IOException {
        forEveryCase(100_000, l -> {
            List<DashboardCase.Query> queries = new ArrayList<>();
            Random rnd = l.rnd();
            for (int q = 0; q < 3; q++) {
                LocalDate d = randomDay(rnd, l.config());
                queries.add(new DashboardCase.Rfm(d));
                LocalDate d2 = d.plusDays(1 + rnd.nextInt(l.config().days() + 30));
                TransitionBy by = TransitionBy.values()[rnd.nextInt(3)];
                queries.add(new DashboardCase.Transitions(d, d2, by));
                Segment segment = randomSegment(rnd, l.model().rfmSettings());
                int limit = 1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 10_000);
                String after = rnd.nextInt(4) == 0 ? randomAfter(rnd) : null;
                queries.add(new DashboardCase.Members(d, segment, limit, after));
            }
            return queries;
        });
    }

    @Test
    void retentionCohortsMatchTheReferenceModel() throws IOException {
        forEveryCase(200_000, l -> {
            List<DashboardCase.Query> queries = new ArrayList<>();
            Random rnd = l.rnd();
            for (int q = 0; q < 4; q++) {
                DayRange range = randomRange(rnd, l.config());
                Granularity period = rnd.nextBoolean() ? Granularity.WEEK : Granularity.MONTH;
                RetentionBy by = rnd.nextBoolean() ? RetentionBy.HUB_OPENED : RetentionBy.PURCHASE;
                queries.add(new DashboardCase.Retention(range, period, by));
            }
            return queries;
        });
    }

    // ---------------------------------------------------------------- random inputs

    private static LocalDate randomDay(Random rnd, RandomEvents.Config c) {
        return c.firstDay().plusDays(rnd.nextInt(c.days() + 40) - 10L);
    }

    private static DayRange randomRange(Random rnd, RandomEvents.Config c) {
        LocalDate from = c.firstDay().plusDays(rnd.nextInt(c.days() + 20) - 10L);
        int length = rnd.nextInt(4) == 0 ? 1 : 1 + rnd.nextInt(c.days() + 40);
        return new DayRange(from, from.plusDays(length - 1L));
    }

    private static TimeSpec randomSpec(Random rnd, RandomEvents.Config c) {
        TimeSpec spec = rnd.nextInt(3) == 0 ? TimeSpec.of(Preset.values()[rnd.nextInt(Preset.values().length)])
                : TimeSpec.of(randomRange(rnd, c));
        Comparison cmp;
        switch (rnd.nextInt(4)) {
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
        return spec.compare(cmp).today(randomDay(rnd, c));
    }

    private static PurchaseFilter randomFilter(Random rnd) {
        PurchaseFilter.Consent consent = rnd.nextInt(3) == 0 ? null : PurchaseFilter.Consent.values()[rnd.nextInt(2)];
        Channel channel = consent != null && rnd.nextBoolean() ? Channel.values()[rnd.nextInt(3)] : null;
        PurchaseFilter.Recency recency = rnd.nextInt(3) == 0 ? PurchaseFilter.Recency.values()[rnd.nextInt(2)] : null;
        SalesChannel sales = rnd.nextInt(3) == 0 ? SalesChannel.values()[rnd.nextInt(2)] : null;
        String store = rnd.nextInt(4) == 0 ? STORES[rnd.nextInt(STORES.length)] : null;
        return new PurchaseFilter(consent, channel, recency, sales, store);
    }

    /** Random RFM settings: mode, lookback, fixed thresholds, and the default or a random persona map. */
    static RfmSettings randomRfm(Random rnd) {
        int[] lookbacks = {1, 7, 30, 90, 365, 730};
        long r1 = rnd.nextInt(40);
        long f1 = 1 + rnd.nextInt(3);
        long m1 = rnd.nextInt(20_000);
        Map<String, List<String>> personas = RfmSettings.defaultPersonas();
        if (rnd.nextBoolean()) {
            String[] names = {"best", "good", "fair", "poor", "ünïcode"};
            int k = 1 + rnd.nextInt(names.length);
            Map<String, List<String>> map = new LinkedHashMap<>();
            for (int i = 0; i < k; i++) {
                map.put(names[i], new ArrayList<>());
            }
            int i = 0;
            for (int r = 1; r <= 3; r++) {
                for (int f = 1; f <= 3; f++) {
                    for (int m = 1; m <= 3; m++) {
                        // every persona gets a cell first, then the rest at random
                        String name = i < k ? names[i] : names[rnd.nextInt(k)];
                        map.get(name).add("" + r + f + m);
                        i++;
                    }
                }
            }
            personas = map;
        }
        return new RfmSettings(lookbacks[rnd.nextInt(lookbacks.length)],
                rnd.nextBoolean() ? RfmSettings.Mode.QUANTILE : RfmSettings.Mode.FIXED,
                new RfmSettings.Thresholds(r1, r1 + 1 + rnd.nextInt(90)),
                new RfmSettings.Thresholds(f1, f1 + 1 + rnd.nextInt(3)),
                new RfmSettings.Thresholds(m1, m1 + 1 + rnd.nextInt(100_000)), personas);
    }

    private static Segment randomSegment(Random rnd, RfmSettings rfm) {
        switch (rnd.nextInt(3)) {
            case 0:
                List<String> names = rfm.personaNames();
                return Segment.persona(names.get(rnd.nextInt(names.size())));
            case 1:
                return Segment.stage(Stage.values()[rnd.nextInt(3)]);
            default:
                return Segment.cell(1 + rnd.nextInt(3), 1 + rnd.nextInt(3), 1 + rnd.nextInt(3));
        }
    }

    /** A cursor that need not be a member: the page starts after it in UTF-8 byte order. */
    private static String randomAfter(Random rnd) {
        String[] cursors = {"a", "c005", "é", "\uFF5E", "😀", "ZZ", "c0"};
        return cursors[rnd.nextInt(cursors.length)];
    }
}
