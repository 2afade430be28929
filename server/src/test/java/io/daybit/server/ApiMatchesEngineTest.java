package io.daybit.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetInfo;
import io.daybit.engine.analytics.Cohort;
import io.daybit.engine.analytics.PersonaSummary;
import io.daybit.engine.analytics.RetentionBy;
import io.daybit.engine.analytics.RfmCell;
import io.daybit.engine.analytics.RfmReport;
import io.daybit.engine.analytics.Segment;
import io.daybit.engine.analytics.Stage;
import io.daybit.engine.analytics.TransitionBy;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.model.ServiceAction;
import io.daybit.engine.query.AovBucket;
import io.daybit.engine.query.Comparison;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.query.Metric;
import io.daybit.engine.query.PurchaseFilter;
import io.daybit.engine.query.TimeFrame;
import io.daybit.engine.query.TimeSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every query route, over HTTP with seeded random parameters on a generated dataset, answers what
 * the engine's Java API answers for the same question, field by field. The expected values are
 * read from the engine's result records here, not through the server's DTOs, so a mapping
 * mistake (a swapped field, a lost comparison, an integer written as a double) is caught.
 */
class ApiMatchesEngineTest {
    private static final LocalDate FIRST = LocalDate.of(2024, 1, 1);
    private static final LocalDate LAST = LocalDate.of(2025, 6, 30);
    private static final String DS = "/api/v1/datasets/shop";
    private static final int QUERIES_PER_ROUTE = 25;

    private static TestServer server;
    private static Dataset shop;

    @BeforeAll
    static void load() {
        server = TestServer.plain();
        TestServer.Answer created = server.post("/api/v1/datasets", "application/json",
                "{\"name\":\"shop\",\"timezone\":\"Europe/Stockholm\",\"currency\":\"SEK\"}");
        assertEquals(201, created.status(), created.body());
        TestServer.Answer ingest = server.post(DS + "/events", "application/x-ndjson",
                TestEvents.ndjson(42, 400, FIRST, LAST));
        assertEquals(200, ingest.status(), ingest.body());
        assertTrue(ingest.json().get("accepted").asInt() > 3000, ingest.body());
        shop = server.server.engine().dataset("shop");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void datasetShowsItsSettingsAndSize() {
        JsonNode d = server.get(DS).json();
        DatasetInfo info = shop.info();
        assertEquals("shop", d.get("name").asText());
        assertEquals("Europe/Stockholm", d.get("timezone").asText());
        assertEquals("SEK", d.get("currency").asText());
        assertEquals(24, d.get("attribution_window_hours").asInt());
        assertEquals(info.accounts(), d.get("accounts").asLong());
        assertEquals(info.events(), d.get("events").asLong());
        assertEquals(info.firstDay().toString(), d.get("first_day").asText());
        assertEquals(info.lastDay().toString(), d.get("last_day").asText());
        assertEquals(365, d.get("rfm").get("lookback_days").asInt());
        assertEquals("[30,90]", d.get("rfm").get("thresholds").get("r").toString());
        JsonNode list = server.get("/api/v1/datasets").json().get("datasets");
        assertEquals(1, list.size());
        assertEquals("shop", list.get(0).get("name").asText());
    }

    @Test
    void hubOverviewMatchesTheEngine() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < QUERIES_PER_ROUTE; i++) {
            Map<String, String> p = timeParams(rnd);
            TimeSpec spec = spec(p);
            check("/hub/overview", p, () -> shop.hubOverview(spec), (j, o) -> {
                frame(j, o.frame());
                JsonNode m = j.get("metrics");
                metric(m.get("total_accounts"), o.totalAccounts());
                metric(m.get("new_accounts"), o.newAccounts());
                metric(m.get("active_accounts"), o.activeAccounts());
                metric(m.get("service_interactions"), o.serviceInteractions());
                metric(m.get("revenue_generated"), o.revenueGenerated());
            });
        }
    }

    @Test
    void serviceInteractionsMatchTheEngine() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int i = 0; i < QUERIES_PER_ROUTE; i++) {
            Map<String, String> p = timeParams(rnd);
            TimeSpec spec = spec(p);
            check("/hub/service-interactions", p, () -> shop.serviceInteractions(spec), (j, s) -> {
                frame(j, s.frame());
                metric(j.get("total"), s.total());
                assertEquals(ServiceAction.values().length, j.get("by_action").size());
                for (ServiceAction a : ServiceAction.values()) {
                    metric(j.get("by_action").get(a.wireName()), s.byAction().get(a));
                }
            });
        }
    }

    @Test
    void aovMatchesTheEngine() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < QUERIES_PER_ROUTE; i++) {
            Map<String, String> p = timeParams(rnd);
            Granularity g = Granularity.values()[rnd.nextInt(3)];
            p.put("granularity", g.wireName());
            TimeSpec spec = spec(p);
            check("/hub/aov", p, () -> shop.aov(spec, g), (j, a) -> {
                frame(j, a.frame());
                metric(j.get("aov"), a.aov());
                metric(j.get("orders"), a.orders());
                metric(j.get("revenue"), a.revenue());
                JsonNode series = j.get("series");
                assertEquals(a.series().size(), series.size());
                for (int k = 0; k < series.size(); k++) {
                    AovBucket b = a.series().get(k);
                    JsonNode n = series.get(k);
                    assertEquals(b.start().toString(), n.get("start").asText());
                    assertEquals(b.end().toString(), n.get("end").asText());
                    integer(n.get("orders"), b.orders());
                    integer(n.get("revenue"), b.revenue());
                    decimal(n.get("aov"), b.aov());
                }
            });
        }
    }

    @Test
    void usersOverviewMatchesTheEngine() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int i = 0; i < 10; i++) {
            LocalDate today = day(rnd);
            check("/users/overview", Map.of("today", today.toString()), () -> shop.usersOverview(today),
                    (j, u) -> {
                        integer(j.get("users"), u.users());
                        integer(j.get("consented"), u.consented());
                        for (Channel c : Channel.values()) {
                            integer(j.get("consented_by_channel").get(c.wireName()), u.consentedByChannel().get(c));
                        }
                    });
        }
    }

    @Test
    void purchasesMatchTheEngine() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < QUERIES_PER_ROUTE; i++) {
            Map<String, String> p = timeParams(rnd);
            PurchaseFilter.Consent consent = rnd.nextBoolean() ? null : PurchaseFilter.Consent.values()[rnd.nextInt(2)];
            Channel consentChannel = consent == null || rnd.nextBoolean() ? null : Channel.values()[rnd.nextInt(3)];
            PurchaseFilter.Recency recency = rnd.nextInt(3) > 0 ? null : PurchaseFilter.Recency.values()[rnd.nextInt(2)];
            SalesChannel channel = rnd.nextInt(3) > 0 ? null : SalesChannel.values()[rnd.nextInt(2)];
            String store = rnd.nextInt(4) > 0 ? null : "Malmö Triangeln";
            put(p, "consent", consent == null ? null : consent.wireName());
            put(p, "consent_channel", consentChannel == null ? null : consentChannel.wireName());
            put(p, "recency", recency == null ? null : recency.wireName());
            put(p, "channel", channel == null ? null : channel.wireName());
            put(p, "store", store);
            TimeSpec spec = spec(p);
            PurchaseFilter filter = new PurchaseFilter(consent, consentChannel, recency, channel, store);
            check("/purchases", p, () -> shop.purchases(spec, filter), (j, a) -> {
                frame(j, a.frame());
                JsonNode m = j.get("metrics");
                metric(m.get("purchases"), a.purchases());
                metric(m.get("buyers"), a.buyers());
                metric(m.get("revenue"), a.revenue());
                metric(m.get("purchase_revenue"), a.purchaseRevenue());
                metric(m.get("aov"), a.aov());
                metric(m.get("items_per_purchase"), a.itemsPerPurchase());
                metric(m.get("discount"), a.discount());
                assertEquals(store, j.get("filters").get("store").isNull() ? null : j.get("filters").get("store").asText());
            });
        }
    }

    @Test
    void storesMatchTheEngine() {
        check("/stores", Map.of(), shop::stores, (j, stores) -> {
            assertEquals(stores.size(), j.get("stores").size());
            for (int i = 0; i < stores.size(); i++) {
                assertEquals(stores.get(i), j.get("stores").get(i).asText());
            }
        });
    }

    @Test
    void rfmMatchesTheEngine() {
        SplittableRandom rnd = new SplittableRandom(6);
        for (int i = 0; i < 8; i++) {
            LocalDate asOf = day(rnd);
            check("/rfm", Map.of("as_of", asOf.toString()), () -> shop.rfm(asOf), (j, r) -> rfm(j, r));
        }
    }

    @Test
    void transitionsMatchTheEngine() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 8; i++) {
            LocalDate d1 = day(rnd);
            LocalDate d2 = d1.plusDays(1 + rnd.nextInt(200));
            TransitionBy by = TransitionBy.values()[rnd.nextInt(3)];
            check("/rfm/transitions", Map.of("from", d1.toString(), "to", d2.toString(), "by", by.wireName()),
                    () -> shop.transitions(d1, d2, by), (j, t) -> {
                        assertEquals(t.from().toString(), j.get("from").asText());
                        assertEquals(t.to().toString(), j.get("to").asText());
                        assertEquals(t.by().wireName(), j.get("by").asText());
                        assertEquals(t.labels().size(), j.get("labels").size());
                        for (int a = 0; a < t.labels().size(); a++) {
                            assertEquals(t.labels().get(a), j.get("labels").get(a).asText());
                            for (int b = 0; b < t.labels().size(); b++) {
                                integer(j.get("counts").get(a).get(b), t.counts().get(a).get(b));
                            }
                        }
                    });
        }
    }

    @Test
    void membersMatchTheEngine() {
        SplittableRandom rnd = new SplittableRandom(8);
        for (int i = 0; i < 8; i++) {
            LocalDate asOf = day(rnd);
            int limit = 1 + rnd.nextInt(50);
            Map<String, String> p = new LinkedHashMap<>();
            p.put("as_of", asOf.toString());
            p.put("limit", Integer.toString(limit));
            Segment segment;
            switch (rnd.nextInt(3)) {
                case 0:
                    segment = Segment.persona("champions");
                    p.put("persona", "champions");
                    break;
                case 1:
                    Stage s = Stage.values()[rnd.nextInt(3)];
                    segment = Segment.stage(s);
                    p.put("stage", s.wireName());
                    break;
                default:
                    int r = 1 + rnd.nextInt(3);
                    int f = 1 + rnd.nextInt(3);
                    int m = 1 + rnd.nextInt(3);
                    segment = Segment.cell(r, f, m);
                    p.put("r", Integer.toString(r));
                    p.put("f", Integer.toString(f));
                    p.put("m", Integer.toString(m));
                    break;
            }
            String after = rnd.nextBoolean() ? null : "acct-" + rnd.nextInt(400);
            put(p, "after", after);
            check("/rfm/members", p, () -> shop.members(asOf, segment, limit, after), (j, page) -> {
                assertEquals(page.accounts().size(), j.get("accounts").size());
                for (int k = 0; k < page.accounts().size(); k++) {
                    assertEquals(page.accounts().get(k), j.get("accounts").get(k).asText());
                }
                assertEquals(page.next(), j.get("next").isNull() ? null : j.get("next").asText());
            });
        }
    }

    @Test
    void retentionMatchesTheEngine() {
        SplittableRandom rnd = new SplittableRandom(9);
        for (int i = 0; i < 8; i++) {
            LocalDate from = day(rnd);
            LocalDate to = from.plusDays(rnd.nextInt(200));
            Granularity period = rnd.nextBoolean() ? Granularity.WEEK : Granularity.MONTH;
            RetentionBy by = RetentionBy.values()[rnd.nextInt(2)];
            check("/retention", Map.of("from", from.toString(), "to", to.toString(), "period", period.wireName(),
                    "by", by.wireName()), () -> shop.retention(new DayRange(from, to), period, by), (j, r) -> {
                        assertEquals(from.toString(), j.get("range").get("from").asText());
                        assertEquals(period.wireName(), j.get("period").asText());
                        assertEquals(by.wireName(), j.get("by").asText());
                        assertEquals(r.cohorts().size(), j.get("cohorts").size());
                        for (int k = 0; k < r.cohorts().size(); k++) {
                            Cohort c = r.cohorts().get(k);
                            JsonNode n = j.get("cohorts").get(k);
                            assertEquals(c.start().toString(), n.get("start").asText());
                            assertEquals(c.end().toString(), n.get("end").asText());
                            integer(n.get("size"), c.size());
                            assertEquals(c.retained().size(), n.get("retained").size());
                            for (int x = 0; x < c.retained().size(); x++) {
                                integer(n.get("retained").get(x), c.retained().get(x));
                            }
                        }
                    });
        }
    }

    private static void rfm(JsonNode j, RfmReport r) {
        assertEquals(r.asOf().toString(), j.get("as_of").asText());
        integer(j.get("customers"), r.customers());
        nullableInteger(j.get("thresholds").get("r").get("t1"), r.r().t1());
        nullableInteger(j.get("thresholds").get("r").get("t2"), r.r().t2());
        nullableInteger(j.get("thresholds").get("f").get("t1"), r.f().t1());
        nullableInteger(j.get("thresholds").get("m").get("t2"), r.m().t2());
        assertEquals(27, j.get("cells").size());
        for (int k = 0; k < r.cells().size(); k++) {
            RfmCell c = r.cells().get(k);
            JsonNode n = j.get("cells").get(k);
            assertEquals(List.of(c.r(), c.f(), c.m()), List.of(n.get("r").asInt(), n.get("f").asInt(), n.get("m").asInt()));
            assertEquals(c.persona(), n.get("persona").asText());
            integer(n.get("customers"), c.customers());
        }
        for (Stage s : Stage.values()) {
            integer(j.get("stages").get(s.wireName()), r.stages().get(s));
        }
        assertEquals(r.personas().size(), j.get("personas").size());
        for (int k = 0; k < r.personas().size(); k++) {
            PersonaSummary p = r.personas().get(k);
            JsonNode n = j.get("personas").get(k);
            assertEquals(p.persona(), n.get("persona").asText());
            integer(n.get("customers"), p.customers());
            integer(n.get("revenue"), p.revenue());
            decimal(n.get("revenue_share"), p.revenueShare());
            decimal(n.get("avg_clv"), p.avgClv());
            decimal(n.get("avg_orders"), p.avgOrders());
            decimal(n.get("aov"), p.aov());
        }
    }

    /**
     * Calls the route and the engine: the HTTP answer must be a 200 carrying the engine's result.
     */
    private static <T> void check(String route, Map<String, String> params, Supplier<T> engine,
                                  BiConsumer<JsonNode, T> compare) {
        TestServer.Answer a = server.get(DS + route, params);
        T expected = engine.get();
        assertEquals(200, a.status(), route + " " + params + ": " + a.body());
        assertEquals("application/json", a.contentType());
        try {
            compare.accept(a.json(), expected);
        } catch (AssertionError e) {
            throw new AssertionError(route + " " + params + ": " + e.getMessage() + "\n" + a.body(), e);
        }
    }

    private static Map<String, String> timeParams(SplittableRandom rnd) {
        Map<String, String> p = new LinkedHashMap<>();
        LocalDate today = day(rnd);
        p.put("today", today.toString());
        if (rnd.nextInt(4) == 0) {
            String[] presets = {"today", "yesterday", "last_7_days", "last_30_days", "last_90_days", "month_to_date",
                "quarter_to_date", "year_to_date", "last_month", "last_12_months"};
            p.put("preset", presets[rnd.nextInt(presets.length)]);
        } else {
            LocalDate from = day(rnd);
            p.put("from", from.toString());
            p.put("to", from.plusDays(rnd.nextInt(120)).toString());
        }
        switch (rnd.nextInt(4)) {
            case 0:
                p.put("compare", "previous_year");
                break;
            case 1:
                p.put("compare", "none");
                break;
            case 2:
                LocalDate cf = day(rnd);
                p.put("compare", "custom");
                p.put("compare_from", cf.toString());
                p.put("compare_to", cf.plusDays(rnd.nextInt(60)).toString());
                break;
            default:
                break;
        }
        return p;
    }

    /** The engine's spec for the time parameters, built independently of the server's parser. */
    private static TimeSpec spec(Map<String, String> p) {
        TimeSpec s = p.containsKey("preset")
                ? TimeSpec.of(io.daybit.engine.query.Preset.fromWire(p.get("preset")))
                : TimeSpec.of(LocalDate.parse(p.get("from")), LocalDate.parse(p.get("to")));
        String compare = p.getOrDefault("compare", "previous_period");
        Comparison c;
        if (compare.equals("previous_year")) {
            c = Comparison.previousYear();
        } else if (compare.equals("none")) {
            c = Comparison.none();
        } else if (compare.equals("custom")) {
            c = Comparison.custom(new DayRange(LocalDate.parse(p.get("compare_from")),
                    LocalDate.parse(p.get("compare_to"))));
        } else {
            c = Comparison.previousPeriod();
        }
        return s.compare(c).today(LocalDate.parse(p.get("today")));
    }

    private static LocalDate day(SplittableRandom rnd) {
        return FIRST.minusDays(30).plusDays(rnd.nextInt((int) (LAST.toEpochDay() - FIRST.toEpochDay()) + 60));
    }

    private static void put(Map<String, String> p, String k, String v) {
        if (v != null) {
            p.put(k, v);
        }
    }

    private static void frame(JsonNode j, TimeFrame f) {
        range(j.get("range"), f.range());
        if (f.comparison() == null) {
            assertTrue(j.get("comparison").isNull(), "comparison must be null");
        } else {
            range(j.get("comparison"), f.comparison());
        }
    }

    private static void range(JsonNode j, DayRange r) {
        assertEquals(r.from().toString(), j.get("from").asText());
        assertEquals(r.to().toString(), j.get("to").asText());
        integer(j.get("days"), r.days());
    }

    private static void metric(JsonNode j, Metric<?> m) {
        for (String f : List.of("value", "previous", "change_pct", "direction")) {
            assertTrue(j.has(f), "metric lacks " + f + ": " + j);
        }
        number(j.get("value"), m.value());
        number(j.get("previous"), m.previous());
        decimal(j.get("change_pct"), m.changePct());
        if (m.direction() == null) {
            assertTrue(j.get("direction").isNull());
        } else {
            assertEquals(m.direction().wireName(), j.get("direction").asText());
        }
    }

    private static void number(JsonNode j, Number n) {
        if (n == null) {
            assertTrue(j.isNull(), "expected null, got " + j);
        } else if (n instanceof Double) {
            decimal(j, (Double) n);
        } else {
            integer(j, n.longValue());
        }
    }

    private static void integer(JsonNode j, long expected) {
        assertTrue(j.isIntegralNumber(), "expected the integer " + expected + ", got " + j);
        assertEquals(expected, j.longValue());
    }

    private static void nullableInteger(JsonNode j, Long expected) {
        if (expected == null) {
            assertTrue(j.isNull(), "expected null, got " + j);
        } else {
            integer(j, expected);
        }
    }

    private static void decimal(JsonNode j, Double expected) {
        if (expected == null) {
            assertTrue(j.isNull(), "expected null, got " + j);
            return;
        }
        assertTrue(j.isNumber(), "expected " + expected + ", got " + j);
        assertEquals(expected, j.doubleValue(), 0.0);
    }
}
