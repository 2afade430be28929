package io.daybit.engine.analytics;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.RfmSettings;
import io.daybit.engine.codec.EventEncoder;
import io.daybit.engine.model.Event;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.reference.ReferenceModel;
import io.daybit.engine.testdata.RandomEvents;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * RFM (METRICS.md §5) and retention (§6) agree exactly with the brute-force reference model on
 * random cases: random events in random arrival orders and batches, queries asked between batches
 * (so that the engine's timeline is extended, re-applied to its last day and rebuilt after late
 * orders), random days D and D1 &lt; D2, random lookbacks, modes, thresholds and persona maps,
 * changed between queries.
 *
 * <p>Seeds are fixed; {@code -Ddaybit.seed=N} and {@code -Ddaybit.cases=N} explore others. A
 * failing case is shrunk to fewer events and written to {@code target/regressions/}.
 */
class RfmPropertyTest {
    private static final long BASE_SEED = Long.getLong("daybit.seed", 5_050_505L);
    private static final int CASES = Integer.getInteger("daybit.cases", 250);

    /** One step of a case: ingest a batch, change the settings, or ask a question. */
    sealed interface Step permits Ingest, Configure, AskRfm, AskTransitions, AskMembers, AskRetention {
    }

    record Ingest(List<Event> batch) implements Step {
    }

    record Configure(RfmSettings settings) implements Step {
    }

    record AskRfm(LocalDate asOf) implements Step {
    }

    record AskTransitions(LocalDate from, LocalDate to, TransitionBy by) implements Step {
    }

    record AskMembers(LocalDate asOf, Segment segment, int limit, String after) implements Step {
    }

    record AskRetention(DayRange range, Granularity period, RetentionBy by) implements Step {
    }

    record Case(long seed, ZoneId zone, List<Step> steps) {
        List<String> run(Engine engine) {
            Dataset d = engine.createDataset("rfm-" + seed + "-" + System.nanoTime() % 1_000_000,
                    DatasetSettings.defaults().withTimezone(zone));
            try {
                ReferenceModel model = new ReferenceModel(zone, DatasetSettings.DEFAULT_ATTRIBUTION_WINDOW_HOURS,
                        RfmSettings.defaults());
                List<String> diffs = new ArrayList<>();
                for (int i = 0; i < steps.size() && diffs.isEmpty(); i++) {
                    Step s = steps.get(i);
                    if (s instanceof Ingest in) {
                        d.ingest(in.batch());
                        model.ingest(in.batch());
                    } else if (s instanceof Configure c) {
                        d.updateRfm(c.settings());
                        model.setRfm(c.settings());
                    } else {
                        for (String diff : check(d, model, s)) {
                            diffs.add("step " + i + " " + s + ": " + diff);
                        }
                    }
                }
                return diffs;
            } finally {
                engine.deleteDataset(d.name());
            }
        }

        int events() {
            int n = 0;
            for (Step s : steps) {
                if (s instanceof Ingest in) {
                    n += in.batch().size();
                }
            }
            return n;
        }

        /** This case without the events at arrival positions [from, to). */
        Case without(int from, int to) {
            List<Step> out = new ArrayList<>();
            int i = 0;
            for (Step s : steps) {
                if (s instanceof Ingest in) {
                    List<Event> kept = new ArrayList<>();
                    for (Event e : in.batch()) {
                        if (i < from || i >= to) {
                            kept.add(e);
                        }
                        i++;
                    }
                    out.add(new Ingest(kept));
                } else {
                    out.add(s);
                }
            }
            return new Case(seed, zone, out);
        }

        /** A smaller case that still fails: chunks of events removed while the failure remains. */
        Case shrink(Engine engine) {
            Case best = this;
            for (int chunk = Math.max(1, events() / 2); ; chunk = Math.max(1, chunk / 2)) {
                int start = 0;
                while (start < best.events()) {
                    Case smaller = best.without(start, Math.min(best.events(), start + chunk));
                    if (!smaller.run(engine).isEmpty()) {
                        best = smaller;
                    } else {
                        start += chunk;
                    }
                }
                if (chunk == 1) {
                    return best;
                }
            }
        }

        String describe() {
            StringBuilder sb = new StringBuilder("zone " + zone + "\n");
            for (Step s : steps) {
                if (s instanceof Ingest in && in.batch().isEmpty()) {
                    continue;
                }
                if (s instanceof Ingest in) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try (EventEncoder enc = new EventEncoder(out, zone)) {
                        for (Event e : in.batch()) {
                            enc.write(e);
                        }
                    }
                    sb.append("# batch of ").append(in.batch().size()).append('\n')
                            .append(out.toString(StandardCharsets.UTF_8));
                } else {
                    sb.append("# ").append(s).append('\n');
                }
            }
            return sb.toString();
        }
    }

    @Test
    void rfmAndRetentionMatchTheReferenceModelOnRandomCases() throws IOException {
        try (Engine engine = Engine.inMemory()) {
            for (int i = 0; i < CASES; i++) {
                long seed = BASE_SEED + i;
                Case c = randomCase(seed);
                List<String> diffs = c.run(engine);
                if (!diffs.isEmpty()) {
                    Case small = c.shrink(engine);
                    Path file = Path.of("target", "regressions", "rfm-" + seed + ".txt");
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, small.describe(), StandardCharsets.UTF_8);
                    fail("seed " + seed + ": " + diffs.size() + " differences, first "
                            + diffs.subList(0, Math.min(3, diffs.size())) + "\nshrunk to " + small.events()
                            + " events (" + file.toAbsolutePath() + "): " + small.run(engine));
                }
            }
        }
    }

    static Case randomCase(long seed) {
        Random rnd = new Random(seed);
        RandomEvents.Config config = RandomEvents.randomConfig(rnd);
        if (rnd.nextInt(5) == 0) {
            // more customers, so that quantiles, buckets and bands see crowds
            config = new RandomEvents.Config(config.zone(), config.windowHours(), config.firstDay(),
                    100 + rnd.nextInt(500), 50 + rnd.nextInt(250), 600 + rnd.nextInt(2500));
        }
        List<Event> events = RandomEvents.generate(rnd, config);
        List<Event> arrival;
        int order = rnd.nextInt(3);
        if (order == 0) {
            arrival = RandomEvents.shuffled(events, rnd);
        } else {
            // mostly in time order, as live data comes, with a few late events
            arrival = new ArrayList<>(events);
            arrival.sort((a, b) -> Long.compare(a.tsMicros(), b.tsMicros()));
            if (order == 2) {
                for (int k = 0; k < arrival.size() / 20; k++) {
                    int from = rnd.nextInt(arrival.size());
                    int to = Math.min(arrival.size() - 1, from + rnd.nextInt(40));
                    arrival.add(to, arrival.remove(from));
                }
            }
        }
        List<Step> steps = new ArrayList<>();
        List<String> personas = new ArrayList<>(RfmSettings.defaults().personaNames());
        if (rnd.nextInt(3) > 0) {
            RfmSettings s = randomSettings(rnd);
            steps.add(new Configure(s));
            personas = new ArrayList<>(s.personaNames());
        }
        for (List<Event> batch : RandomEvents.batches(arrival, rnd)) {
            steps.add(new Ingest(batch));
            int questions = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(3) : 0;
            for (int q = 0; q < questions; q++) {
                steps.add(randomQuestion(rnd, config, personas, events));
            }
        }
        for (int q = 0; q < 8; q++) {
            if (rnd.nextInt(8) == 0) {
                RfmSettings s = randomSettings(rnd);
                steps.add(new Configure(s));
                personas = new ArrayList<>(s.personaNames());
            }
            steps.add(randomQuestion(rnd, config, personas, events));
        }
        return new Case(seed, config.zone(), steps);
    }

    private static Step randomQuestion(Random rnd, RandomEvents.Config c, List<String> personas, List<Event> events) {
        switch (rnd.nextInt(5)) {
            case 0, 1:
                return new AskRfm(randomDay(rnd, c));
            case 2: {
                LocalDate d1 = randomDay(rnd, c);
                LocalDate d2 = d1.plusDays(1 + (rnd.nextBoolean() ? rnd.nextInt(5) : rnd.nextInt(400)));
                return new AskTransitions(d1, d2, TransitionBy.values()[rnd.nextInt(3)]);
            }
            case 3: {
                Segment segment;
                switch (rnd.nextInt(3)) {
                    case 0 -> segment = Segment.persona(personas.get(rnd.nextInt(personas.size())));
                    case 1 -> segment = Segment.stage(Stage.values()[rnd.nextInt(3)]);
                    default -> segment = Segment.cell(1 + rnd.nextInt(3), 1 + rnd.nextInt(3), 1 + rnd.nextInt(3));
                }
                int limit = rnd.nextBoolean() ? 1 + rnd.nextInt(5) : 1 + rnd.nextInt(10_000);
                String after = null;
                if (rnd.nextBoolean() && !events.isEmpty()) {
                    after = events.get(rnd.nextInt(events.size())).account();
                    if (rnd.nextBoolean()) {
                        after = after + (rnd.nextBoolean() ? "!" : "\uFFFF");
                    }
                }
                return new AskMembers(randomDay(rnd, c), segment, limit, after);
            }
            default: {
                LocalDate from = c.firstDay().plusDays(rnd.nextInt(c.days() + 40) - 20L);
                LocalDate to = from.plusDays(rnd.nextInt(Math.max(1, c.days() + 20)));
                return new AskRetention(new DayRange(from, to), rnd.nextBoolean() ? Granularity.WEEK : Granularity.MONTH,
                        rnd.nextBoolean() ? RetentionBy.HUB_OPENED : RetentionBy.PURCHASE);
            }
        }
    }

    /** A day in or around the span: before it, in it, after it within and beyond a lookback. */
    private static LocalDate randomDay(Random rnd, RandomEvents.Config c) {
        int roll = rnd.nextInt(10);
        if (roll == 0) {
            return c.firstDay().minusDays(1 + rnd.nextInt(30));
        }
        if (roll == 1) {
            return c.lastDay().plusDays(rnd.nextInt(500));
        }
        return c.firstDay().plusDays(rnd.nextInt(c.days()));
    }

    /** Random but valid settings: lookback, mode, thresholds, and a random partition of the 27 cells. */
    static RfmSettings randomSettings(Random rnd) {
        int[] lookbacks = {1, 2, 7, 30, 90, 365};
        int lookback = rnd.nextBoolean() ? lookbacks[rnd.nextInt(lookbacks.length)] : 1 + rnd.nextInt(400);
        RfmSettings.Mode mode = rnd.nextBoolean() ? RfmSettings.Mode.QUANTILE : RfmSettings.Mode.FIXED;
        long r1 = rnd.nextInt(60);
        long f1 = rnd.nextInt(4);
        long m1 = rnd.nextInt(100_000);
        RfmSettings.Thresholds r = new RfmSettings.Thresholds(r1, r1 + 1 + rnd.nextInt(120));
        RfmSettings.Thresholds f = new RfmSettings.Thresholds(f1, f1 + 1 + rnd.nextInt(5));
        RfmSettings.Thresholds m = new RfmSettings.Thresholds(m1, m1 + 1 + rnd.nextInt(200_000));
        Map<String, List<String>> personas;
        if (rnd.nextBoolean()) {
            personas = RfmSettings.defaultPersonas();
        } else {
            int k = 1 + rnd.nextInt(6);
            personas = new LinkedHashMap<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                String name = List.of("best", "good", "fair", "poor", "ünï", "z z").get(i);
                names.add(name);
                personas.put(name, new ArrayList<>());
            }
            for (int r0 = 1; r0 <= 3; r0++) {
                for (int f0 = 1; f0 <= 3; f0++) {
                    for (int m0 = 1; m0 <= 3; m0++) {
                        personas.get(names.get(rnd.nextInt(k))).add("" + r0 + f0 + m0);
                    }
                }
            }
        }
        return new RfmSettings(lookback, mode, r, f, m, personas);
    }

    // ---------------------------------------------------------------- comparison

    static List<String> check(Dataset d, ReferenceModel model, Step s) {
        List<String> diffs = new ArrayList<>();
        if (s instanceof AskRfm q) {
            compareRfm(d.rfm(q.asOf()), model.rfm(q.asOf()), diffs);
        } else if (s instanceof AskTransitions q) {
            TransitionMatrix got = d.transitions(q.from(), q.to(), q.by());
            Map<String, Map<String, Long>> want = model.transitions(q.from(), q.to(), q.by());
            if (!got.labels().equals(model.transitionLabels(q.by()))) {
                diffs.add("labels " + got.labels() + ", want " + model.transitionLabels(q.by()));
            } else {
                for (int i = 0; i < got.labels().size(); i++) {
                    for (int j = 0; j < got.labels().size(); j++) {
                        long w = want.get(got.labels().get(i)).get(got.labels().get(j));
                        long g = got.counts().get(i).get(j);
                        if (w != g) {
                            diffs.add(got.labels().get(i) + "->" + got.labels().get(j) + " = " + g + ", want " + w);
                        }
                    }
                }
            }
        } else if (s instanceof AskMembers q) {
            MemberPage got = d.members(q.asOf(), q.segment(), q.limit(), q.after());
            ReferenceModel.MembersRef want = model.members(q.asOf(), q.segment(), q.limit(), q.after());
            if (!got.accounts().equals(want.accounts()) || !Objects.equals(got.next(), want.next())) {
                diffs.add("members " + got + ", want " + want);
            }
        } else if (s instanceof AskRetention q) {
            RetentionReport got = d.retention(q.range(), q.period(), q.by());
            List<ReferenceModel.CohortRef> want = model.retention(q.range(), q.period(), q.by());
            List<ReferenceModel.CohortRef> mine = new ArrayList<>();
            for (Cohort c : got.cohorts()) {
                mine.add(new ReferenceModel.CohortRef(c.start(), c.end(), c.size(), c.retained()));
            }
            if (!mine.equals(want)) {
                diffs.add("cohorts " + mine + ", want " + want);
            }
        }
        return diffs;
    }

    private static void compareRfm(RfmReport got, ReferenceModel.RfmRef want, List<String> diffs) {
        List<Object> g = List.of(got.customers(), String.valueOf(got.r()), String.valueOf(got.f()),
                String.valueOf(got.m()));
        List<Object> w = List.of(want.customers(), String.valueOf(new ScoreThresholds(want.rT1(), want.rT2())),
                String.valueOf(new ScoreThresholds(want.fT1(), want.fT2())),
                String.valueOf(new ScoreThresholds(want.mT1(), want.mT2())));
        if (!g.equals(w)) {
            diffs.add("customers/thresholds " + g + ", want " + w);
        }
        for (RfmCell c : got.cells()) {
            String key = "" + c.r() + c.f() + c.m();
            if (c.customers() != want.cells().get(key) || !c.persona().equals(want.personaOfCell().get(key))) {
                diffs.add("cell " + key + " " + c + ", want " + want.cells().get(key) + " "
                        + want.personaOfCell().get(key));
            }
        }
        for (Stage st : Stage.values()) {
            if (!got.stages().get(st).equals(want.stages().get(st.wireName()))) {
                diffs.add("stage " + st + " " + got.stages().get(st) + ", want " + want.stages().get(st.wireName()));
            }
        }
        List<ReferenceModel.PersonaRef> mine = new ArrayList<>();
        for (PersonaSummary p : got.personas()) {
            mine.add(new ReferenceModel.PersonaRef(p.persona(), p.customers(), p.revenue(), p.revenueShare(),
                    p.avgClv(), p.avgOrders(), p.aov()));
        }
        if (!mine.equals(want.personas())) {
            diffs.add("personas " + mine + ", want " + want.personas());
        }
    }
}
