package io.daybit.engine.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.InvalidRequestException;
import io.daybit.engine.NotFoundException;
import io.daybit.engine.RfmSettings;
import io.daybit.engine.analytics.Cohort;
import io.daybit.engine.analytics.MemberPage;
import io.daybit.engine.analytics.PersonaSummary;
import io.daybit.engine.analytics.RetentionBy;
import io.daybit.engine.analytics.RetentionReport;
import io.daybit.engine.analytics.RfmCell;
import io.daybit.engine.analytics.RfmReport;
import io.daybit.engine.analytics.ScoreThresholds;
import io.daybit.engine.analytics.Segment;
import io.daybit.engine.analytics.Stage;
import io.daybit.engine.analytics.TransitionBy;
import io.daybit.engine.analytics.TransitionMatrix;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Granularity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays shared/golden's RFM, transition, member and retention cases, and the steps of
 * rfm_settings.jsonl, through the Java API, comparing every field as the golden README says.
 */
class GoldenRfmTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static Engine engine;
    private static Dataset golden;

    @BeforeAll
    static void load() throws IOException {
        engine = Engine.inMemory();
        golden = engine.createDataset("golden", DatasetSettings.defaults()
                .withTimezone(ZoneId.of("America/New_York")));
        golden.ingestNdjson(GoldenHubSmokeTest.resource("events.ndjson").readAllBytes(), null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void rfmTransitionMemberAndRetentionCasesMatch() throws IOException {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (String line : new String(GoldenHubSmokeTest.resource("queries.jsonl").readAllBytes()).split("\n")) {
            JsonNode c = JSON.readTree(line);
            String route = c.get("route").asText();
            if (!route.contains("/golden/rfm") && !route.contains("/golden/retention")) {
                continue;
            }
            check(c, failures);
            checked++;
        }
        assertTrue(checked > 90, "checked " + checked);
        assertEquals(List.of(), failures);
    }

    @Test
    void rfmSettingsStepsMatch() throws IOException {
        List<String> failures = new ArrayList<>();
        try {
            for (String line : new String(GoldenHubSmokeTest.resource("rfm_settings.jsonl").readAllBytes()).split("\n")) {
                JsonNode step = JSON.readTree(line);
                int status;
                try {
                    golden.updateRfm(parseRfm(step.get("body")));
                    status = 200;
                } catch (InvalidRequestException e) {
                    status = 400;
                }
                if (status != step.get("status").asInt()) {
                    failures.add("step " + step.get("step") + ": status " + status);
                }
                for (JsonNode c : step.get("cases")) {
                    check(c, failures);
                }
            }
        } finally {
            golden.updateRfm(RfmSettings.defaults());
        }
        assertEquals(List.of(), failures);
    }

    /** Runs one case and adds a description of every difference to {@code failures}. */
    private static void check(JsonNode c, List<String> failures) {
        String route = c.get("route").asText();
        JsonNode p = c.get("params");
        int expectedStatus = c.get("status").asInt();
        JsonNode got;
        int status = 200;
        String param = null;
        try {
            got = run(route.substring(route.indexOf("/golden") + "/golden".length()), p);
        } catch (InvalidRequestException e) {
            status = 400;
            param = e.params().isEmpty() ? null : e.params().get(0);
            got = null;
        } catch (NotFoundException e) {
            status = 404;
            got = null;
        } catch (BadParam e) {
            status = 400;
            param = e.getMessage();
            got = null;
        }
        String where = route + " " + p;
        if (status != expectedStatus) {
            failures.add(where + ": status " + status + ", want " + expectedStatus);
            return;
        }
        if (status != 200) {
            JsonNode params = c.get("param");
            if (params != null) {
                boolean named = false;
                for (JsonNode n : params) {
                    named |= n.asText().equals(param);
                }
                if (!named) {
                    failures.add(where + ": param " + param + ", want one of " + params);
                }
            }
            return;
        }
        compare(where, "", normalize(route, c.get("expected")), normalize(route, got), failures);
    }

    /** Thrown for a parameter the HTTP layer would refuse before calling the engine. */
    private static final class BadParam extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadParam(String param) {
            super(param, null, false, false);
        }
    }

    private static JsonNode run(String path, JsonNode p) {
        LocalDate today = day(p, "today");
        switch (path) {
            case "/rfm" -> {
                LocalDate asOf = p.has("as_of") ? day(p, "as_of") : today;
                return json(golden.rfm(asOf));
            }
            case "/rfm/transitions" -> {
                TransitionBy by = p.has("by") ? TransitionBy.fromWire(p.get("by").asText()) : TransitionBy.PERSONA;
                if (by == null) {
                    throw new BadParam("by");
                }
                return json(golden.transitions(day(p, "from"), day(p, "to"), by));
            }
            case "/rfm/members" -> {
                LocalDate asOf = p.has("as_of") ? day(p, "as_of") : today;
                Segment segment;
                if (p.has("persona")) {
                    segment = Segment.persona(p.get("persona").asText());
                } else if (p.has("stage")) {
                    Stage stage = Stage.fromWire(p.get("stage").asText());
                    if (stage == null) {
                        throw new BadParam("stage");
                    }
                    segment = Segment.stage(stage);
                } else {
                    segment = Segment.cell(integer(p, "r"), integer(p, "f"), integer(p, "m"));
                }
                int limit = p.has("limit") ? integer(p, "limit") : 1000;
                String after = p.has("after") ? p.get("after").asText() : null;
                return json(golden.members(asOf, segment, limit, after));
            }
            case "/retention" -> {
                Granularity period = p.has("period") ? Granularity.fromWire(p.get("period").asText()) : Granularity.WEEK;
                if (period == null) {
                    throw new BadParam("period");
                }
                RetentionBy by = p.has("by") ? RetentionBy.fromWire(p.get("by").asText()) : RetentionBy.HUB_OPENED;
                if (by == null) {
                    throw new BadParam("by");
                }
                return json(golden.retention(new DayRange(day(p, "from"), day(p, "to")), period, by));
            }
            default -> throw new IllegalArgumentException("unknown route " + path);
        }
    }

    private static LocalDate day(JsonNode p, String name) {
        try {
            return LocalDate.parse(p.get(name).asText());
        } catch (DateTimeParseException e) {
            throw new BadParam(name);
        }
    }

    private static int integer(JsonNode p, String name) {
        try {
            return Integer.parseInt(p.get(name).asText());
        } catch (NumberFormatException e) {
            throw new BadParam(name);
        }
    }

    /** The body of PUT .../rfm as settings: omitted parts take their defaults. */
    static RfmSettings parseRfm(JsonNode body) {
        RfmSettings d = RfmSettings.defaults();
        int lookback = d.lookbackDays();
        if (body.has("lookback_days")) {
            if (!body.get("lookback_days").isIntegralNumber()) {
                throw new InvalidRequestException("lookback_days must be an integer", "lookback_days");
            }
            lookback = body.get("lookback_days").asInt();
        }
        RfmSettings.Mode mode = d.mode();
        if (body.has("mode")) {
            mode = RfmSettings.Mode.fromWire(body.get("mode").asText());
        }
        RfmSettings.Thresholds r = d.r();
        RfmSettings.Thresholds f = d.f();
        RfmSettings.Thresholds m = d.m();
        JsonNode t = body.get("thresholds");
        if (t != null) {
            r = t.has("r") ? pair(t.get("r")) : r;
            f = t.has("f") ? pair(t.get("f")) : f;
            m = t.has("m") ? pair(t.get("m")) : m;
        }
        Map<String, List<String>> personas = d.personas();
        if (body.has("personas")) {
            personas = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : body.get("personas").properties()) {
                List<String> cells = new ArrayList<>();
                e.getValue().forEach(n -> cells.add(n.asText()));
                personas.put(e.getKey(), cells);
            }
        }
        return new RfmSettings(lookback, mode, r, f, m, personas);
    }

    private static RfmSettings.Thresholds pair(JsonNode a) {
        return new RfmSettings.Thresholds(a.get(0).asLong(), a.get(1).asLong());
    }

    // ---------------------------------------------------------------- results as the API's JSON

    private static JsonNode json(RfmReport r) {
        ObjectNode o = NODES.objectNode();
        o.put("as_of", r.asOf().toString());
        o.put("customers", r.customers());
        ObjectNode t = o.putObject("thresholds");
        thresholds(t.putObject("r"), r.r());
        thresholds(t.putObject("f"), r.f());
        thresholds(t.putObject("m"), r.m());
        ArrayNode cells = o.putArray("cells");
        for (RfmCell c : r.cells()) {
            cells.addObject().put("r", c.r()).put("f", c.f()).put("m", c.m()).put("persona", c.persona())
                    .put("customers", c.customers());
        }
        ObjectNode stages = o.putObject("stages");
        for (Stage s : Stage.values()) {
            stages.put(s.wireName(), r.stages().get(s));
        }
        ArrayNode personas = o.putArray("personas");
        for (PersonaSummary p : r.personas()) {
            personas.addObject().put("persona", p.persona()).put("customers", p.customers())
                    .put("revenue", p.revenue()).put("revenue_share", p.revenueShare()).put("avg_clv", p.avgClv())
                    .put("avg_orders", p.avgOrders()).put("aov", p.aov());
        }
        return o;
    }

    private static void thresholds(ObjectNode o, ScoreThresholds t) {
        o.put("t1", t.t1());
        o.put("t2", t.t2());
    }

    private static JsonNode json(TransitionMatrix m) {
        ObjectNode o = NODES.objectNode();
        o.put("from", m.from().toString());
        o.put("to", m.to().toString());
        o.put("by", m.by().wireName());
        ArrayNode labels = o.putArray("labels");
        m.labels().forEach(labels::add);
        ArrayNode counts = o.putArray("counts");
        for (List<Long> row : m.counts()) {
            ArrayNode r = counts.addArray();
            row.forEach(r::add);
        }
        return o;
    }

    private static JsonNode json(MemberPage page) {
        ObjectNode o = NODES.objectNode();
        ArrayNode accounts = o.putArray("accounts");
        page.accounts().forEach(accounts::add);
        o.put("next", page.next());
        return o;
    }

    private static JsonNode json(RetentionReport r) {
        ObjectNode o = NODES.objectNode();
        ObjectNode range = o.putObject("range");
        range.put("from", r.range().from().toString()).put("to", r.range().to().toString())
                .put("days", r.range().days());
        o.put("period", r.period().wireName());
        o.put("by", r.by().wireName());
        ArrayNode cohorts = o.putArray("cohorts");
        for (Cohort c : r.cohorts()) {
            ObjectNode n = cohorts.addObject();
            n.put("start", c.start().toString()).put("end", c.end().toString()).put("size", c.size());
            ArrayNode retained = n.putArray("retained");
            c.retained().forEach(retained::add);
        }
        return o;
    }

    // ---------------------------------------------------------------- comparison (golden/README.md)

    /** Sorts the lists the contract leaves unordered, and turns transition counts into a map by label pair. */
    private static JsonNode normalize(String route, JsonNode body) {
        ObjectNode o = body.deepCopy();
        if (route.endsWith("/rfm")) {
            sort((ArrayNode) o.get("cells"), Comparator.comparing(n -> n.get("r").asInt() * 100
                    + n.get("f").asInt() * 10 + n.get("m").asInt()));
            sort((ArrayNode) o.get("personas"), Comparator.comparing(n -> n.get("persona").asText()));
        } else if (route.endsWith("/transitions")) {
            ObjectNode pairs = NODES.objectNode();
            JsonNode labels = o.get("labels");
            for (int i = 0; i < labels.size(); i++) {
                for (int j = 0; j < labels.size(); j++) {
                    pairs.set(labels.get(i).asText() + "->" + labels.get(j).asText(), o.get("counts").get(i).get(j));
                }
            }
            o.set("counts", pairs);
            List<String> sorted = new ArrayList<>();
            labels.forEach(l -> sorted.add(l.asText()));
            String last = sorted.remove(sorted.size() - 1);
            sorted.sort(null);
            sorted.add(last);
            ArrayNode l = NODES.arrayNode();
            sorted.forEach(l::add);
            o.set("labels", l);
        } else if (route.endsWith("/retention")) {
            sort((ArrayNode) o.get("cohorts"), Comparator.comparing(n -> n.get("start").asText()));
        }
        return o;
    }

    private static void sort(ArrayNode array, Comparator<JsonNode> order) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        items.sort(order);
        array.removeAll();
        items.forEach(array::add);
    }

    /** Every field of {@code want} must be in {@code got} with the same value (doubles within 1e-9 relative). */
    private static void compare(String where, String path, JsonNode want, JsonNode got, List<String> failures) {
        if (got == null || got.isMissingNode()) {
            failures.add(where + ": missing " + path);
        } else if (want.isObject()) {
            want.properties().forEach(e -> compare(where, path + "." + e.getKey(), e.getValue(),
                    got.get(e.getKey()), failures));
        } else if (want.isArray()) {
            if (!got.isArray() || got.size() != want.size()) {
                failures.add(where + ": " + path + " has " + (got.isArray() ? got.size() : got) + " items, want "
                        + want.size() + ": " + want + " got " + got);
                return;
            }
            for (int i = 0; i < want.size(); i++) {
                compare(where, path + "[" + i + "]", want.get(i), got.get(i), failures);
            }
        } else if (want.isFloatingPointNumber() || got.isFloatingPointNumber()) {
            double w = want.asDouble();
            double g = got.asDouble();
            if (!got.isNumber() || Math.abs(w - g) > 1e-9 * Math.max(Math.abs(w), Math.abs(g))) {
                failures.add(where + ": " + path + " = " + got + ", want " + want);
            }
        } else if (want.isIntegralNumber()) {
            if (!got.isIntegralNumber() || !want.bigIntegerValue().equals(got.bigIntegerValue())) {
                failures.add(where + ": " + path + " = " + got + ", want " + want);
            }
        } else if (!want.equals(got)) {
            failures.add(where + ": " + path + " = " + got + ", want " + want);
        }
    }
}
