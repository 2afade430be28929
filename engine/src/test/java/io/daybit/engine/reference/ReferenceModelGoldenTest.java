package io.daybit.engine.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.daybit.engine.InvalidRequestException;
import io.daybit.engine.RfmSettings;
import io.daybit.engine.analytics.RetentionBy;
import io.daybit.engine.analytics.Segment;
import io.daybit.engine.analytics.Stage;
import io.daybit.engine.analytics.TransitionBy;
import io.daybit.engine.codec.BatchReader;
import io.daybit.engine.codec.DecodedLine;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.model.ServiceAction;
import io.daybit.engine.query.Comparison;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.query.Preset;
import io.daybit.engine.query.PurchaseFilter;
import io.daybit.engine.query.TimeSpec;
import io.daybit.engine.reference.ReferenceModel.Compared;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the reference model itself against shared/golden: a brute-force model that disagrees
 * with the published answers would make every property test worthless. Every successful case of
 * queries.jsonl and rfm_settings.jsonl is replayed.
 */
class ReferenceModelGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate NO_TODAY = LocalDate.of(1970, 1, 1);
    private static ReferenceModel model;
    private static List<Integer> rejectedLines;

    @BeforeAll
    static void load() throws IOException {
        model = new ReferenceModel(ZoneId.of("America/New_York"), 24, RfmSettings.defaults());
        List<DecodedLine> lines = new BatchReader().readNdjson(resource("events.ndjson").readAllBytes());
        List<Event> valid = new ArrayList<>();
        List<Integer> lineOfValid = new ArrayList<>();
        rejectedLines = new ArrayList<>();
        for (DecodedLine l : lines) {
            if (l.event() == null) {
                rejectedLines.add(l.line());
            } else {
                valid.add(l.event());
                lineOfValid.add(l.line());
            }
        }
        for (int i : model.ingest(valid)) {
            rejectedLines.add(lineOfValid.get(i - 1));
        }
        rejectedLines.sort(null);
    }

    static InputStream resource(String name) {
        InputStream in = ReferenceModelGoldenTest.class.getResourceAsStream("/golden/" + name);
        if (in == null) {
            throw new UncheckedIOException(new IOException("missing golden/" + name));
        }
        return in;
    }

    @Test
    void referenceKeepsTheFirstOfDuplicateOrderIds() throws IOException {
        JsonNode expected = JSON.readTree(resource("ingest.json")).get("expected");
        List<Integer> lines = new ArrayList<>();
        expected.get("rejected").forEach(r -> lines.add(r.get("line").asInt()));
        lines.sort(null);
        assertEquals(lines, rejectedLines);
        assertEquals(expected.get("accepted").asInt(), model.events().size());
    }

    @Test
    void referenceAnswersEveryGoldenQuery() throws IOException {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (String line : new String(resource("queries.jsonl").readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (check(JSON.readTree(line), failures)) {
                checked++;
            }
        }
        assertTrue(checked > 250, "checked only " + checked);
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures.subList(0,
                Math.min(20, failures.size()))));
    }

    @Test
    void referenceAnswersEveryGoldenRfmSettingsStep() throws IOException {
        List<String> failures = new ArrayList<>();
        RfmSettings before = model.rfmSettings();
        try {
            for (String line : new String(resource("rfm_settings.jsonl").readAllBytes(), StandardCharsets.UTF_8)
                    .split("\n")) {
                JsonNode step = JSON.readTree(line);
                try {
                    model.setRfm(rfmSettings(step.get("body")));
                    assertEquals(200, step.get("status").asInt(), "step " + step.get("step") + " accepted");
                } catch (InvalidRequestException | IllegalArgumentException e) {
                    assertEquals(400, step.get("status").asInt(), "step " + step.get("step") + " refused: " + e);
                }
                for (JsonNode c : step.get("cases")) {
                    check(c, failures);
                }
            }
        } finally {
            model.setRfm(before);
        }
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures));
    }

    /** Settings from a PUT body: omitted parts take their defaults. Wrongly typed parts throw. */
    static RfmSettings rfmSettings(JsonNode body) {
        RfmSettings d = RfmSettings.defaults();
        int lookback = d.lookbackDays();
        if (body.has("lookback_days")) {
            if (!body.get("lookback_days").isInt()) {
                throw new IllegalArgumentException("lookback_days");
            }
            lookback = body.get("lookback_days").asInt();
        }
        RfmSettings.Mode mode = body.has("mode") ? RfmSettings.Mode.fromWire(body.get("mode").asText()) : d.mode();
        RfmSettings.Thresholds r = d.r();
        RfmSettings.Thresholds f = d.f();
        RfmSettings.Thresholds m = d.m();
        JsonNode t = body.get("thresholds");
        if (t != null) {
            r = t.has("r") ? new RfmSettings.Thresholds(t.get("r").get(0).asLong(), t.get("r").get(1).asLong()) : r;
            f = t.has("f") ? new RfmSettings.Thresholds(t.get("f").get(0).asLong(), t.get("f").get(1).asLong()) : f;
            m = t.has("m") ? new RfmSettings.Thresholds(t.get("m").get(0).asLong(), t.get("m").get(1).asLong()) : m;
        }
        Map<String, List<String>> personas = d.personas();
        if (body.has("personas")) {
            personas = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : body.get("personas").properties()) {
                List<String> cells = new ArrayList<>();
                e.getValue().forEach(c -> cells.add(c.asText()));
                personas.put(e.getKey(), cells);
            }
        }
        return new RfmSettings(lookback, mode, r, f, m, personas);
    }

    /** Checks one case; returns whether it was a 200 case of the golden dataset. */
    private static boolean check(JsonNode c, List<String> failures) {
        String route = c.get("route").asText();
        if (c.get("status").asInt() != 200 || !route.startsWith("/api/v1/datasets/golden/")) {
            return false;
        }
        String what = route.substring("/api/v1/datasets/golden/".length());
        JsonNode p = c.get("params");
        JsonNode x = c.get("expected");
        List<String> diffs = new ArrayList<>();
        LocalDate today = LocalDate.parse(p.get("today").asText());
        switch (what) {
            case "hub/overview": {
                ReferenceModel.Frame fr = ReferenceModel.resolve(spec(p), NO_TODAY);
                ReferenceModel.HubOverviewRef o = model.hubOverview(fr.range(), fr.comparison());
                frame(fr, x, diffs);
                JsonNode m = x.get("metrics");
                metric("total_accounts", o.totalAccounts(), m, diffs);
                metric("new_accounts", o.newAccounts(), m, diffs);
                metric("active_accounts", o.activeAccounts(), m, diffs);
                metric("service_interactions", o.serviceInteractions(), m, diffs);
                metric("revenue_generated", o.revenueGenerated(), m, diffs);
                break;
            }
            case "hub/service-interactions": {
                ReferenceModel.Frame fr = ReferenceModel.resolve(spec(p), NO_TODAY);
                ReferenceModel.ServiceRef s = model.serviceInteractions(fr.range(), fr.comparison());
                frame(fr, x, diffs);
                metric("total", s.total(), x, diffs);
                for (ServiceAction a : ServiceAction.values()) {
                    metric(a.wireName(), s.byAction().get(a), x.get("by_action"), diffs);
                }
                break;
            }
            case "hub/aov": {
                ReferenceModel.Frame fr = ReferenceModel.resolve(spec(p), NO_TODAY);
                Granularity g = p.has("granularity") ? Granularity.fromWire(p.get("granularity").asText())
                        : Granularity.DAY;
                ReferenceModel.AovRef a = model.aov(fr.range(), fr.comparison(), g);
                frame(fr, x, diffs);
                metric("aov", a.aov(), x, diffs);
                metric("orders", a.orders(), x, diffs);
                metric("revenue", a.revenue(), x, diffs);
                JsonNode series = x.get("series");
                if (series.size() != a.series().size()) {
                    diffs.add("series size " + a.series().size() + " != " + series.size());
                } else {
                    for (int i = 0; i < series.size(); i++) {
                        ReferenceModel.Bucket b = a.series().get(i);
                        JsonNode e = series.get(i);
                        eq("series[" + i + "].start", b.start().toString(), e.get("start").asText(), diffs);
                        eq("series[" + i + "].end", b.end().toString(), e.get("end").asText(), diffs);
                        num("series[" + i + "].orders", b.orders(), e.get("orders"), diffs);
                        num("series[" + i + "].revenue", b.revenue(), e.get("revenue"), diffs);
                        num("series[" + i + "].aov", b.aov(), e.get("aov"), diffs);
                    }
                }
                break;
            }
            case "users/overview": {
                ReferenceModel.UsersRef u = model.usersOverview(today);
                num("users", u.users(), x.get("users"), diffs);
                num("consented", u.consented(), x.get("consented"), diffs);
                for (Channel ch : Channel.values()) {
                    num(ch.wireName(), u.consentedByChannel().get(ch), x.get("consented_by_channel").get(ch.wireName()),
                            diffs);
                }
                break;
            }
            case "purchases": {
                ReferenceModel.Frame fr = ReferenceModel.resolve(spec(p), NO_TODAY);
                PurchaseFilter f = new PurchaseFilter(
                        p.has("consent") ? PurchaseFilter.Consent.fromWire(p.get("consent").asText()) : null,
                        p.has("consent_channel") ? Channel.fromWire(p.get("consent_channel").asText()) : null,
                        p.has("recency") ? PurchaseFilter.Recency.fromWire(p.get("recency").asText()) : null,
                        p.has("channel") ? SalesChannel.fromWire(p.get("channel").asText()) : null,
                        p.has("store") ? p.get("store").asText() : null);
                ReferenceModel.PurchasesRef a = model.purchases(fr.range(), fr.comparison(), f);
                frame(fr, x, diffs);
                JsonNode m = x.get("metrics");
                metric("purchases", a.purchases(), m, diffs);
                metric("buyers", a.buyers(), m, diffs);
                metric("revenue", a.revenue(), m, diffs);
                metric("purchase_revenue", a.purchaseRevenue(), m, diffs);
                metric("aov", a.aov(), m, diffs);
                metric("items_per_purchase", a.itemsPerPurchase(), m, diffs);
                metric("discount", a.discount(), m, diffs);
                break;
            }
            case "stores": {
                List<String> expected = new ArrayList<>();
                x.get("stores").forEach(s -> expected.add(s.asText()));
                eq("stores", new TreeSet<>(model.stores()), new TreeSet<>(expected), diffs);
                break;
            }
            case "rfm": {
                LocalDate asOf = p.has("as_of") ? LocalDate.parse(p.get("as_of").asText()) : today;
                ReferenceModel.RfmRef r = model.rfm(asOf);
                eq("as_of", asOf.toString(), x.get("as_of").asText(), diffs);
                num("customers", r.customers(), x.get("customers"), diffs);
                JsonNode t = x.get("thresholds");
                num("r.t1", r.rT1(), t.get("r").get("t1"), diffs);
                num("r.t2", r.rT2(), t.get("r").get("t2"), diffs);
                num("f.t1", r.fT1(), t.get("f").get("t1"), diffs);
                num("f.t2", r.fT2(), t.get("f").get("t2"), diffs);
                num("m.t1", r.mT1(), t.get("m").get("t1"), diffs);
                num("m.t2", r.mT2(), t.get("m").get("t2"), diffs);
                eq("cells", 27, x.get("cells").size(), diffs);
                for (JsonNode cell : x.get("cells")) {
                    String key = cell.get("r").asText() + cell.get("f").asText() + cell.get("m").asText();
                    num("cell " + key, r.cells().get(key), cell.get("customers"), diffs);
                    eq("persona of " + key, r.personaOfCell().get(key), cell.get("persona").asText(), diffs);
                }
                for (Stage s : Stage.values()) {
                    num("stage " + s.wireName(), r.stages().get(s.wireName()), x.get("stages").get(s.wireName()),
                            diffs);
                }
                Map<String, JsonNode> personas = new HashMap<>();
                x.get("personas").forEach(n -> personas.put(n.get("persona").asText(), n));
                eq("personas", personas.keySet(), new java.util.HashSet<>(model.rfmSettings().personas().keySet()),
                        diffs);
                for (ReferenceModel.PersonaRef pr : r.personas()) {
                    JsonNode e = personas.get(pr.persona());
                    if (e == null) {
                        continue;
                    }
                    String n = pr.persona() + ".";
                    num(n + "customers", pr.customers(), e.get("customers"), diffs);
                    num(n + "revenue", pr.revenue(), e.get("revenue"), diffs);
                    num(n + "revenue_share", pr.revenueShare(), e.get("revenue_share"), diffs);
                    num(n + "avg_clv", pr.avgClv(), e.get("avg_clv"), diffs);
                    num(n + "avg_orders", pr.avgOrders(), e.get("avg_orders"), diffs);
                    num(n + "aov", pr.aov(), e.get("aov"), diffs);
                }
                break;
            }
            case "rfm/transitions": {
                TransitionBy by = p.has("by") ? TransitionBy.fromWire(p.get("by").asText()) : TransitionBy.PERSONA;
                Map<String, Map<String, Long>> counts = model.transitions(LocalDate.parse(p.get("from").asText()),
                        LocalDate.parse(p.get("to").asText()), by);
                List<String> labels = new ArrayList<>();
                x.get("labels").forEach(l -> labels.add(l.asText()));
                eq("labels", new TreeSet<>(counts.keySet()), new TreeSet<>(labels), diffs);
                eq("last label", ReferenceModel.NONE, labels.get(labels.size() - 1), diffs);
                for (int i = 0; i < labels.size(); i++) {
                    for (int j = 0; j < labels.size(); j++) {
                        Map<String, Long> row = counts.get(labels.get(i));
                        num(labels.get(i) + "->" + labels.get(j), row == null ? null : row.get(labels.get(j)),
                                x.get("counts").get(i).get(j), diffs);
                    }
                }
                break;
            }
            case "rfm/members": {
                LocalDate asOf = p.has("as_of") ? LocalDate.parse(p.get("as_of").asText()) : today;
                Segment s = p.has("persona") ? Segment.persona(p.get("persona").asText())
                        : p.has("stage") ? Segment.stage(Stage.fromWire(p.get("stage").asText()))
                        : Segment.cell(p.get("r").asInt(), p.get("f").asInt(), p.get("m").asInt());
                int limit = p.has("limit") ? p.get("limit").asInt() : 1000;
                ReferenceModel.MembersRef page = model.members(asOf, s, limit,
                        p.has("after") ? p.get("after").asText() : null);
                List<String> expected = new ArrayList<>();
                x.get("accounts").forEach(a -> expected.add(a.asText()));
                eq("accounts", page.accounts(), expected, diffs);
                eq("next", page.next(), x.get("next").isNull() ? null : x.get("next").asText(), diffs);
                break;
            }
            case "retention": {
                DayRange r = new DayRange(LocalDate.parse(p.get("from").asText()), LocalDate.parse(p.get("to").asText()));
                Granularity g = p.has("period") ? Granularity.fromWire(p.get("period").asText()) : Granularity.WEEK;
                RetentionBy by = p.has("by") ? RetentionBy.fromWire(p.get("by").asText()) : RetentionBy.HUB_OPENED;
                List<ReferenceModel.CohortRef> cohorts = model.retention(r, g, by);
                Map<String, JsonNode> expected = new HashMap<>();
                x.get("cohorts").forEach(n -> expected.put(n.get("start").asText(), n));
                eq("cohorts", cohorts.size(), expected.size(), diffs);
                for (ReferenceModel.CohortRef cohort : cohorts) {
                    JsonNode e = expected.get(cohort.start().toString());
                    if (e == null) {
                        diffs.add("extra cohort " + cohort.start());
                        continue;
                    }
                    eq(cohort.start() + ".end", cohort.end().toString(), e.get("end").asText(), diffs);
                    num(cohort.start() + ".size", cohort.size(), e.get("size"), diffs);
                    List<Long> retained = new ArrayList<>();
                    e.get("retained").forEach(n -> retained.add(n.asLong()));
                    eq(cohort.start() + ".retained", cohort.retained(), retained, diffs);
                }
                break;
            }
            default:
                return false;
        }
        if (!diffs.isEmpty()) {
            failures.add(what + " " + p + ": " + diffs);
        }
        return true;
    }

    /** The time spec of a case's parameters; today is always pinned in golden cases. */
    static TimeSpec spec(JsonNode p) {
        Comparison cmp = Comparison.previousPeriod();
        if (p.has("compare")) {
            switch (p.get("compare").asText()) {
                case "previous_year":
                    cmp = Comparison.previousYear();
                    break;
                case "none":
                    cmp = Comparison.none();
                    break;
                case "custom":
                    cmp = Comparison.custom(new DayRange(LocalDate.parse(p.get("compare_from").asText()),
                            LocalDate.parse(p.get("compare_to").asText())));
                    break;
                default:
                    break;
            }
        }
        TimeSpec s = p.has("preset") ? TimeSpec.of(Preset.fromWire(p.get("preset").asText()))
                : TimeSpec.of(LocalDate.parse(p.get("from").asText()), LocalDate.parse(p.get("to").asText()));
        return s.compare(cmp).today(LocalDate.parse(p.get("today").asText()));
    }

    private static void frame(ReferenceModel.Frame fr, JsonNode x, List<String> diffs) {
        range("range", fr.range(), x.get("range"), diffs);
        range("comparison", fr.comparison(), x.get("comparison"), diffs);
    }

    private static void range(String name, DayRange r, JsonNode e, List<String> diffs) {
        if (r == null || e == null || e.isNull()) {
            eq(name, r == null, e == null || e.isNull(), diffs);
            return;
        }
        eq(name + ".from", r.from().toString(), e.get("from").asText(), diffs);
        eq(name + ".to", r.to().toString(), e.get("to").asText(), diffs);
        eq(name + ".days", (int) (r.to().toEpochDay() - r.from().toEpochDay() + 1), e.get("days").asInt(), diffs);
    }

    private static void metric(String name, Compared<? extends Number> m, JsonNode parent, List<String> diffs) {
        JsonNode e = parent.get(name);
        if (e == null) {
            diffs.add(name + " missing in expected");
            return;
        }
        num(name + ".value", m.value(), e.get("value"), diffs);
        num(name + ".previous", m.previous(), e.get("previous"), diffs);
        num(name + ".change_pct", m.changePct(), e.get("change_pct"), diffs);
        eq(name + ".direction", m.direction(), e.get("direction").isNull() ? null : e.get("direction").asText(), diffs);
    }

    private static void num(String name, Number actual, JsonNode e, List<String> diffs) {
        if (e == null || e.isNull() || actual == null) {
            if (!(actual == null && (e == null || e.isNull()))) {
                diffs.add(name + ": " + actual + " != " + e);
            }
            return;
        }
        if (actual instanceof Long || actual instanceof Integer) {
            if (!e.isIntegralNumber() || e.asLong() != actual.longValue()) {
                diffs.add(name + ": " + actual + " != " + e);
            }
        } else {
            double a = actual.doubleValue();
            double x = e.asDouble();
            if (Math.abs(a - x) > 1e-9 * Math.max(1.0, Math.abs(x))) {
                diffs.add(name + ": " + actual + " != " + e);
            }
        }
    }

    private static void eq(String name, Object actual, Object expected, List<String> diffs) {
        if (!java.util.Objects.equals(actual, expected)) {
            diffs.add(name + ": " + actual + " != " + expected);
        }
    }
}
