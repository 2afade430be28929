package io.daybit.bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.daybit.bench.query.Answer;
import io.daybit.engine.analytics.RetentionBy;
import io.daybit.engine.codec.BatchReader;
import io.daybit.engine.codec.DecodedLine;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.query.Comparison;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.query.Preset;
import io.daybit.engine.query.PurchaseFilter;
import io.daybit.engine.query.TimeFrame;
import io.daybit.engine.query.TimeSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The peer's SQL checked against the golden answers (shared/golden, through the engine's test
 * jar): a benchmark that compares Daybit with DuckDB is only worth something if DuckDB's side
 * answers the same questions right.
 */
class DuckDbPeerGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/api/v1/datasets/golden/";
    private static DuckDbPeer peer;

    @BeforeAll
    static void load() throws Exception {
        byte[] body;
        try (InputStream in = resource("golden/events.ndjson")) {
            body = in.readAllBytes();
        }
        List<Event> events = new ArrayList<>();
        for (DecodedLine line : new BatchReader().readNdjson(body)) {
            if (line.isValid()) {
                events.add(line.event());
            }
        }
        peer = DuckDbPeer.load(ZoneId.of("America/New_York"), 24, sink -> sink.accept(events));
    }

    @AfterAll
    static void close() throws SQLException {
        peer.close();
    }

    @Test
    void everyGoldenCaseThePeerCoversIsAnsweredExactly() throws Exception {
        Map<String, int[]> passed = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(resource("golden/queries.jsonl"),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode c = JSON.readTree(line);
                String route = c.get("route").asText();
                if (c.get("status").asInt() != 200 || !route.startsWith(PREFIX)) {
                    continue;
                }
                String name = route.substring(PREFIX.length());
                Answer[] pair = ask(name, c.get("params"), c.get("expected"));
                if (pair == null) {
                    continue;
                }
                List<String> diff = Answer.differences(pair[0], pair[1]);
                int[] counts = passed.computeIfAbsent(name, k -> new int[2]);
                counts[1]++;
                if (diff.isEmpty()) {
                    counts[0]++;
                } else {
                    failures.add(name + " " + c.get("params") + ": " + diff.subList(0, Math.min(5, diff.size())));
                }
            }
        }
        passed.forEach((k, v) -> System.out.println("golden " + k + ": " + v[0] + "/" + v[1] + " cases agree"));
        assertTrue(failures.isEmpty(), failures.size() + " golden cases differ:\n" + String.join("\n", failures));
        for (String route : List.of("hub/overview", "hub/service-interactions", "hub/aov", "users/overview",
                "purchases", "rfm", "rfm/transitions", "rfm/members", "retention")) {
            assertTrue(passed.containsKey(route) && passed.get(route)[0] > 0, "no golden case run for " + route);
        }
        assertEquals(0, failures.size());
    }

    /** {expected, peer's} for a case the peer covers, or null. */
    private static Answer[] ask(String route, JsonNode params, JsonNode expected) throws SQLException {
        LocalDate today = LocalDate.parse(params.get("today").asText());
        switch (route) {
            case "hub/overview": {
                TimeFrame t = frame(params);
                Answer e = new Answer();
                expected.get("metrics").properties().forEach(m -> metric(e, m.getKey(), m.getValue()));
                return new Answer[]{e, peer.overview(t.range(), t.comparison())};
            }
            case "hub/service-interactions": {
                TimeFrame t = frame(params);
                Answer e = new Answer();
                metric(e, "total", expected.get("total"));
                expected.get("by_action").properties().forEach(m -> metric(e, m.getKey(), m.getValue()));
                return new Answer[]{e, peer.serviceInteractions(t.range(), t.comparison())};
            }
            case "hub/aov": {
                TimeFrame t = frame(params);
                Granularity g = Granularity.fromWire(text(params, "granularity", "day"));
                Answer e = new Answer();
                for (String m : List.of("aov", "orders", "revenue")) {
                    metric(e, m, expected.get(m));
                }
                for (JsonNode b : expected.get("series")) {
                    e.put("series." + b.get("start").asText() + "." + b.get("end").asText(),
                            List.of(b.get("orders").asLong(), b.get("revenue").asLong()));
                    e.put("series." + b.get("start").asText() + ".aov", number(b.get("aov")));
                }
                return new Answer[]{e, peer.aov(t.range(), t.comparison(), g)};
            }
            case "users/overview": {
                Answer e = new Answer().put("users", expected.get("users").asLong())
                        .put("consented", expected.get("consented").asLong());
                expected.get("consented_by_channel").properties()
                        .forEach(m -> e.put("consented." + m.getKey(), m.getValue().asLong()));
                return new Answer[]{e, peer.users(today)};
            }
            case "purchases": {
                TimeFrame t = frame(params);
                PurchaseFilter f = new PurchaseFilter(
                        params.has("consent") ? PurchaseFilter.Consent.fromWire(params.get("consent").asText()) : null,
                        params.has("consent_channel") ? Channel.fromWire(params.get("consent_channel").asText()) : null,
                        params.has("recency") ? PurchaseFilter.Recency.fromWire(params.get("recency").asText()) : null,
                        params.has("channel") ? SalesChannel.fromWire(params.get("channel").asText()) : null,
                        params.has("store") ? params.get("store").asText() : null);
                Answer e = new Answer();
                expected.get("metrics").properties().forEach(m -> metric(e, m.getKey(), m.getValue()));
                return new Answer[]{e, peer.purchases(t.range(), t.comparison(), f)};
            }
            case "rfm": {
                LocalDate asOf = params.has("as_of") ? LocalDate.parse(params.get("as_of").asText()) : today;
                Answer e = new Answer().put("customers", expected.get("customers").asLong());
                for (String dim : List.of("r", "f", "m")) {
                    JsonNode t = expected.get("thresholds").get(dim);
                    e.put(dim + ".t1", t.get("t1").isNull() ? null : t.get("t1").asLong());
                    e.put(dim + ".t2", t.get("t2").isNull() ? null : t.get("t2").asLong());
                }
                for (JsonNode c : expected.get("cells")) {
                    e.put("cell." + c.get("r").asInt() + c.get("f").asInt() + c.get("m").asInt(),
                            c.get("customers").asLong());
                }
                expected.get("stages").properties().forEach(s -> e.put("stage." + s.getKey(), s.getValue().asLong()));
                for (JsonNode p : expected.get("personas")) {
                    String k = "persona." + p.get("persona").asText() + ".";
                    e.put(k + "customers", p.get("customers").asLong()).put(k + "revenue", p.get("revenue").asLong());
                    for (String d : List.of("revenue_share", "avg_clv", "avg_orders", "aov")) {
                        e.put(k + d, number(p.get(d)));
                    }
                }
                return new Answer[]{e, peer.rfm(asOf)};
            }
            case "rfm/transitions": {
                if (!"persona".equals(text(params, "by", "persona"))) {
                    return null; // the benchmark asks by persona only
                }
                Answer e = new Answer();
                JsonNode labels = expected.get("labels");
                for (int i = 0; i < labels.size(); i++) {
                    for (int j = 0; j < labels.size(); j++) {
                        long n = expected.get("counts").get(i).get(j).asLong();
                        if (n != 0) {
                            e.put(labels.get(i).asText() + "->" + labels.get(j).asText(), n);
                        }
                    }
                }
                return new Answer[]{e, peer.transitions(LocalDate.parse(params.get("from").asText()),
                        LocalDate.parse(params.get("to").asText()))};
            }
            case "rfm/members": {
                LocalDate asOf = params.has("as_of") ? LocalDate.parse(params.get("as_of").asText()) : today;
                int limit = Integer.parseInt(text(params, "limit", "1000"));
                String after = params.has("after") ? params.get("after").asText() : null;
                List<String> ids = new ArrayList<>();
                expected.get("accounts").forEach(a -> ids.add(a.asText()));
                Answer e = new Answer().put("accounts", ids)
                        .put("next", expected.get("next").isNull() ? null : expected.get("next").asText());
                Answer got;
                if (params.has("persona")) {
                    got = peer.members(asOf, params.get("persona").asText(), 0, 0, 0, limit, after);
                } else if (params.has("stage")) {
                    int r = io.daybit.engine.analytics.Stage.fromWire(params.get("stage").asText()).rScore();
                    got = peer.members(asOf, null, r, 0, 0, limit, after);
                } else {
                    got = peer.members(asOf, null, params.get("r").asInt(), params.get("f").asInt(),
                            params.get("m").asInt(), limit, after);
                }
                return new Answer[]{e, got};
            }
            case "retention": {
                DayRange range = new DayRange(LocalDate.parse(params.get("from").asText()),
                        LocalDate.parse(params.get("to").asText()));
                Granularity period = Granularity.fromWire(text(params, "period", "week"));
                RetentionBy by = RetentionBy.fromWire(text(params, "by", "hub_opened"));
                Answer e = new Answer();
                for (JsonNode c : expected.get("cohorts")) {
                    e.put("cohort." + c.get("start").asText() + "." + c.get("end").asText() + ".size",
                            c.get("size").asLong());
                    List<Long> retained = new ArrayList<>();
                    c.get("retained").forEach(n -> retained.add(n.asLong()));
                    e.put("cohort." + c.get("start").asText() + ".retained", retained);
                }
                return new Answer[]{e, peer.retention(range, period, by)};
            }
            default:
                return null;
        }
    }

    private static TimeFrame frame(JsonNode p) {
        LocalDate today = LocalDate.parse(p.get("today").asText());
        TimeSpec spec = p.has("preset") ? TimeSpec.of(Preset.fromWire(p.get("preset").asText()))
                : TimeSpec.of(LocalDate.parse(p.get("from").asText()), LocalDate.parse(p.get("to").asText()));
        switch (text(p, "compare", "previous_period")) {
            case "previous_year":
                spec = spec.compare(Comparison.previousYear());
                break;
            case "none":
                spec = spec.compare(Comparison.none());
                break;
            case "custom":
                spec = spec.compare(Comparison.custom(new DayRange(LocalDate.parse(p.get("compare_from").asText()),
                        LocalDate.parse(p.get("compare_to").asText()))));
                break;
            default:
                break;
        }
        return spec.resolve(today);
    }

    private static void metric(Answer a, String name, JsonNode m) {
        a.put(name, number(m.get("value")));
        a.put(name + ".previous", number(m.get("previous")));
    }

    private static Object number(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        return n.isIntegralNumber() ? (Object) n.asLong() : (Object) n.asDouble();
    }

    private static String text(JsonNode p, String name, String otherwise) {
        return p.has(name) ? p.get(name).asText() : otherwise;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = DuckDbPeerGoldenTest.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("no resource " + name + " (the engine's test jar)");
        }
        return in;
    }

}
