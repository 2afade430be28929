package io.daybit.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The main acceptance test: the golden set of shared/golden over HTTP, against a real server on
 * 127.0.0.1. Creates the dataset from {@code dataset.json}, posts {@code events.ndjson} as one
 * batch, checks the answer against {@code ingest.json}, replays every case of
 * {@code queries.jsonl}, then the steps of {@code rfm_settings.jsonl} in order, as the golden
 * README says. Prints the pass count per route.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GoldenHttpTest {
    private static TestServer server;
    private static TestServer.Answer ingest;

    @BeforeAll
    static void load() {
        server = TestServer.plain();
        TestServer.Answer created = server.post("/api/v1/datasets", "application/json",
                TestServer.resource("/golden/dataset.json"));
        assertEquals(201, created.status(), created.body());
        ingest = server.post("/api/v1/datasets/golden/events", "application/x-ndjson",
                TestServer.resource("/golden/events.ndjson"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @Order(1)
    void ingestAcceptsAndRejectsTheGoldenLines() throws IOException {
        JsonNode golden = TestServer.JSON.readTree(TestServer.resource("/golden/ingest.json"));
        assertEquals(golden.get("status").asInt(), ingest.status(), ingest.body());
        JsonNode expected = golden.get("expected");
        JsonNode answer = ingest.json();
        assertTrue(answer.get("accepted").isIntegralNumber());
        assertEquals(expected.get("accepted").asLong(), answer.get("accepted").asLong());
        Map<Integer, String> reasons = new TreeMap<>();
        answer.get("rejected").forEach(r -> reasons.put(r.get("line").asInt(), r.get("error").asText()));
        List<String> failures = new ArrayList<>();
        List<Integer> expectedLines = new ArrayList<>();
        for (JsonNode r : expected.get("rejected")) {
            int line = r.get("line").asInt();
            expectedLines.add(line);
            String reason = reasons.get(line);
            if (reason == null) {
                failures.add("line " + line + " was not rejected");
            } else if (!mentions(reason, r.get("mentions"), r.get("match").asText())) {
                failures.add("line " + line + ": '" + reason + "' names none of " + r.get("mentions"));
            }
        }
        assertEquals(expectedLines, new ArrayList<>(reasons.keySet()));
        assertEquals(List.of(), failures);
    }

    @Test
    @Order(2)
    void everyQueryCaseMatches() {
        Tally tally = new Tally();
        for (JsonNode c : lines("/golden/queries.jsonl")) {
            tally.add(c, runCase(c));
        }
        System.out.println("golden queries.jsonl over HTTP:\n" + tally);
        assertEquals(List.of(), tally.failures, tally.toString());
    }

    @Test
    @Order(3)
    void rfmSettingsStepsMatch() {
        Tally tally = new Tally();
        List<JsonNode> steps = lines("/golden/rfm_settings.jsonl");
        for (JsonNode step : steps) {
            TestServer.Answer put = server.put(step.get("route").asText(), step.get("body").toString());
            int status = step.get("status").asInt();
            boolean ok = status == 200 ? put.status() == 200 || put.status() == 204 : put.status() == status;
            List<String> diffs = new ArrayList<>();
            if (!ok) {
                diffs.add("PUT expected " + status + ", got " + put.status() + ": " + put.body());
            } else if (status != 200) {
                diffs.addAll(problem(put, step));
            }
            tally.record("PUT rfm", "step " + step.get("step") + " (" + step.get("what").asText() + ")", diffs);
            for (JsonNode c : step.get("cases")) {
                tally.add(c, runCase(c));
            }
        }
        System.out.println("golden rfm_settings.jsonl over HTTP:\n" + tally);
        assertEquals(List.of(), tally.failures, tally.toString());
    }

    /** Runs one case; the differences from its expectation, empty when it passes. */
    private static List<String> runCase(JsonNode c) {
        String route = c.get("route").asText();
        Map<String, String> params = new LinkedHashMap<>();
        c.get("params").properties().forEach(p -> params.put(p.getKey(), p.getValue().asText()));
        TestServer.Answer a = server.get(route, params);
        int status = c.get("status").asInt();
        List<String> diffs = new ArrayList<>();
        if (a.status() != status) {
            diffs.add("expected status " + status + ", got " + a.status() + ": " + abbreviate(a.body()));
            return diffs;
        }
        if (status == 200) {
            diffs.addAll(GoldenComparator.compare(route, c.get("expected"), a.json()));
        } else {
            diffs.addAll(problem(a, c));
        }
        return diffs;
    }

    /** An error answer must be problem+json with type, title, status, detail, and the case's param. */
    private static List<String> problem(TestServer.Answer a, JsonNode c) {
        List<String> diffs = new ArrayList<>();
        if (a.contentType() == null || !a.contentType().startsWith("application/problem+json")) {
            diffs.add("content type " + a.contentType() + " is not application/problem+json");
        }
        JsonNode p = a.json();
        for (String f : List.of("type", "title", "status", "detail")) {
            if (!p.hasNonNull(f)) {
                diffs.add("problem lacks " + f + ": " + a.body());
            }
        }
        if (p.path("status").asInt() != a.status()) {
            diffs.add("problem status " + p.path("status") + " differs from " + a.status());
        }
        JsonNode allowed = c.get("param");
        if (allowed != null && allowed.isArray()) {
            boolean named = false;
            for (JsonNode n : allowed) {
                named |= n.asText().equals(p.path("param").asText(null));
            }
            if (!named) {
                diffs.add("param " + p.path("param") + " is not one of " + allowed + ": " + p.path("detail"));
            }
        }
        return diffs;
    }

    /** Whether a rejection reason names one of the mentions, as ingest.json's match rule says. */
    static boolean mentions(String reason, JsonNode mentions, String match) {
        if (match.equals("any")) {
            return !reason.isBlank();
        }
        for (JsonNode m : mentions) {
            String mention = m.asText();
            if (match.equals("exact")) {
                if (reason.contains(mention)) {
                    return true;
                }
            } else {
                String r = loose(reason);
                String n = loose(mention);
                if (r.contains(n) || (n.endsWith("s") && n.length() > 1 && r.contains(n.substring(0, n.length() - 1)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String loose(String s) {
        StringBuilder b = new StringBuilder();
        s.toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetterOrDigit).forEach(b::appendCodePoint);
        return b.toString();
    }

    private static List<JsonNode> lines(String resource) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : new String(TestServer.resource(resource), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                try {
                    out.add(TestServer.JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("bad golden line " + line, e);
                }
            }
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /** Passes and failures per route. */
    private static final class Tally {
        final Map<String, int[]> byRoute = new TreeMap<>();
        final List<String> failures = new ArrayList<>();

        void add(JsonNode c, List<String> diffs) {
            String route = c.get("route").asText();
            String key = route.replaceFirst("^/api/v1/datasets/golden/?", "").replaceFirst("^/", "");
            if (key.isEmpty()) {
                key = "datasets/{ds}";
            }
            if (c.get("status").asInt() != 200) {
                key += " (" + c.get("status").asInt() + ")";
            }
            record(key, route + " " + c.get("params"), diffs);
        }

        void record(String key, String what, List<String> diffs) {
            int[] n = byRoute.computeIfAbsent(key, k -> new int[2]);
            if (diffs.isEmpty()) {
                n[0]++;
            } else {
                n[1]++;
                StringBuilder b = new StringBuilder(what);
                Iterator<String> it = diffs.iterator();
                for (int i = 0; i < 3 && it.hasNext(); i++) {
                    b.append("\n    ").append(it.next());
                }
                failures.add(b.toString());
            }
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            byRoute.forEach((k, n) -> b.append(String.format("  %-40s %4d passed %4d failed%n", k, n[0], n[1])));
            int shown = 0;
            for (String f : failures) {
                if (shown++ == 10) {
                    b.append("  … and ").append(failures.size() - 10).append(" more failures\n");
                    break;
                }
                b.append("  FAIL ").append(f).append('\n');
            }
            return b.toString();
        }
    }
}
