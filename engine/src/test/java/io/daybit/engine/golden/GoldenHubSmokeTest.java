package io.daybit.engine.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.ingest.IngestResult;
import io.daybit.engine.model.ServiceAction;
import io.daybit.engine.query.AovReport;
import io.daybit.engine.query.Comparison;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.query.HubOverview;
import io.daybit.engine.query.Metric;
import io.daybit.engine.query.Preset;
import io.daybit.engine.query.ServiceInteractions;
import io.daybit.engine.query.TimeSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replays shared/golden's hub cases through the Java API. */
class GoldenHubSmokeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Engine engine;
    private static Dataset golden;
    private static IngestResult ingest;

    @BeforeAll
    static void load() throws IOException {
        engine = Engine.inMemory();
        golden = engine.createDataset("golden", DatasetSettings.defaults()
                .withTimezone(ZoneId.of("America/New_York")));
        ingest = golden.ingestNdjson(resource("events.ndjson").readAllBytes(), null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static InputStream resource(String name) {
        InputStream in = GoldenHubSmokeTest.class.getResourceAsStream("/golden/" + name);
        if (in == null) {
            throw new UncheckedIOException(new IOException("missing golden/" + name));
        }
        return in;
    }

    @Test
    void ingestAcceptsAndRejectsTheGoldenLines() throws IOException {
        JsonNode expected = JSON.readTree(resource("ingest.json")).get("expected");
        assertEquals(expected.get("accepted").asInt(), ingest.accepted());
        List<Integer> lines = new ArrayList<>();
        expected.get("rejected").forEach(r -> lines.add(r.get("line").asInt()));
        assertEquals(lines, ingest.rejected().stream().map(r -> r.line()).toList());
    }

    @Test
    void hubCasesMatch() throws IOException {
        int checked = 0;
        List<String> failures = new ArrayList<>();
        for (String line : new String(resource("queries.jsonl").readAllBytes()).split("\n")) {
            JsonNode c = JSON.readTree(line);
            String route = c.get("route").asText();
            if (!route.contains("/golden/hub/") || c.get("status").asInt() != 200) {
                continue;
            }
            JsonNode p = c.get("params");
            JsonNode e = c.get("expected");
            TimeSpec spec = spec(p);
            String got;
            String want;
            if (route.endsWith("/overview")) {
                HubOverview o = golden.hubOverview(spec);
                got = List.of(m(o.totalAccounts()), m(o.newAccounts()), m(o.activeAccounts()),
                        m(o.serviceInteractions()), m(o.revenueGenerated())).toString();
                JsonNode em = e.get("metrics");
                want = List.of(j(em.get("total_accounts")), j(em.get("new_accounts")), j(em.get("active_accounts")),
                        j(em.get("service_interactions")), j(em.get("revenue_generated"))).toString();
            } else if (route.endsWith("/service-interactions")) {
                ServiceInteractions s = golden.serviceInteractions(spec);
                List<String> g = new ArrayList<>(List.of(m(s.total())));
                List<String> w = new ArrayList<>(List.of(j(e.get("total"))));
                for (ServiceAction a : ServiceAction.values()) {
                    g.add(m(s.byAction().get(a)));
                    w.add(j(e.get("by_action").get(a.wireName())));
                }
                got = g.toString();
                want = w.toString();
            } else {
                Granularity gr = p.has("granularity") ? Granularity.fromWire(p.get("granularity").asText())
                        : Granularity.DAY;
                AovReport a = golden.aov(spec, gr);
                List<String> g = new ArrayList<>(List.of(m(a.aov()), m(a.orders()), m(a.revenue())));
                List<String> w = new ArrayList<>(List.of(j(e.get("aov")), j(e.get("orders")), j(e.get("revenue"))));
                a.series().forEach(b -> g.add(b.start() + ".." + b.end() + ":" + b.orders() + "/" + b.revenue()));
                e.get("series").forEach(b -> w.add(b.get("start").asText() + ".." + b.get("end").asText() + ":"
                        + b.get("orders").asLong() + "/" + b.get("revenue").asLong()));
                got = g.toString();
                want = w.toString();
            }
            if (!got.equals(want)) {
                failures.add(route + " " + p + "\n  got  " + got + "\n  want " + want);
            }
            checked++;
        }
        assertTrue(checked > 100, "checked " + checked);
        assertEquals(List.of(), failures);
    }

    private static String m(Metric<?> metric) {
        return metric.value() + "|" + metric.previous() + "|" + metric.direction();
    }

    private static String j(JsonNode n) {
        String v = n.get("value").isNull() ? "null" : n.get("value").isIntegralNumber()
                ? Long.toString(n.get("value").asLong()) : Double.toString(n.get("value").asDouble());
        String p = n.get("previous").isNull() ? "null" : n.get("previous").isIntegralNumber()
                ? Long.toString(n.get("previous").asLong()) : Double.toString(n.get("previous").asDouble());
        String d = n.get("direction").isNull() ? "null" : n.get("direction").asText().toUpperCase();
        return v + "|" + p + "|" + d;
    }

    private static TimeSpec spec(JsonNode p) {
        TimeSpec s = p.has("preset") ? TimeSpec.of(Preset.fromWire(p.get("preset").asText()))
                : TimeSpec.of(LocalDate.parse(p.get("from").asText()), LocalDate.parse(p.get("to").asText()));
        String compare = p.has("compare") ? p.get("compare").asText() : "previous_period";
        s = s.compare(switch (compare) {
            case "previous_year" -> Comparison.previousYear();
            case "none" -> Comparison.none();
            case "custom" -> Comparison.custom(new DayRange(LocalDate.parse(p.get("compare_from").asText()),
                    LocalDate.parse(p.get("compare_to").asText())));
            default -> Comparison.previousPeriod();
        });
        return s.today(LocalDate.parse(p.get("today").asText()));
    }
}
