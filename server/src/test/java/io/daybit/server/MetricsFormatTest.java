package io.daybit.server;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code /metrics} read by a strict parser of the Prometheus text format 0.0.4, with the rules
 * {@code promtool check metrics} applies (CI also runs promtool itself): every family has one
 * non-empty HELP and one TYPE before its samples, its samples are together and named after it,
 * counters end in {@code _total}, labels are well formed and no series repeats. And ingest is
 * counted once: a replayed batch shows as a replay, not as accepted events again.
 */
class MetricsFormatTest {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\",?");

    @Test
    void metricsAreStrictPrometheusTextWithHelpOnEveryFamily() {
        try (TestServer s = TestServer.plain()) {
            ingestTwice(s);
            s.get("/api/v1/datasets/shop/hub/overview?preset=today");
            s.get("/api/v1/datasets/nope/rfm");
            TestServer.Answer a = s.get("/metrics");
            assertEquals(200, a.status());
            assertTrue(a.contentType().startsWith("text/plain; version=0.0.4"), a.contentType());
            List<String> problems = check(a.body());
            assertEquals(List.of(), problems, a.body());
        }
    }

    @Test
    void aReplayedBatchIsCountedAsAReplayNotAsAcceptedEventsAgain() {
        try (TestServer s = TestServer.plain()) {
            ingestTwice(s);
            String text = s.get("/metrics").body();
            assertEquals(3.0, sample(text, "daybit_ingest_events_accepted_total{dataset=\"shop\"}"));
            assertEquals(1.0, sample(text, "daybit_ingest_batches_total{dataset=\"shop\"}"));
            assertEquals(1.0, sample(text, "daybit_ingest_replays_total{dataset=\"shop\"}"));
            assertEquals(3.0, sample(text, "daybit_dataset_events{dataset=\"shop\"}"));
        }
    }

    /** Creates {@code shop}, ingests 3 events under a key, then retries the key. */
    private static void ingestTwice(TestServer s) {
        assertEquals(201, s.post("/api/v1/datasets", "application/json", "{\"name\": \"shop\"}").status());
        String batch = "{\"type\":\"hub_opened\",\"account\":\"a\",\"ts\":\"2025-03-01T12:00:00Z\"}\n"
                + "{\"type\":\"hub_opened\",\"account\":\"b\",\"ts\":\"2025-03-01T12:00:00Z\"}\n"
                + "{\"type\":\"service\",\"account\":\"a\",\"ts\":\"2025-03-01T12:00:00Z\",\"action\":\"chat_started\"}\n";
        for (int i = 0; i < 2; i++) {
            TestServer.Answer a = s.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    s.url("/api/v1/datasets/shop/events"))).header("Content-Type", "application/x-ndjson")
                    .header("Idempotency-Key", "k-1").POST(java.net.http.HttpRequest.BodyPublishers.ofString(batch)));
            assertEquals(200, a.status(), a.body());
            assertEquals(3, a.json().get("accepted").asInt());
            assertEquals(i == 1 ? "true" : null, a.header("Idempotent-Replayed"));
        }
    }

    private static double sample(String text, String series) {
        for (String line : text.lines().toList()) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).split(" ")[0]);
            }
        }
        return fail("no sample " + series);
    }

    /** Every violation of the format and of promtool's rules, one per line; empty when clean. */
    static List<String> check(String text) {
        List<String> problems = new java.util.ArrayList<>();
        Map<String, String> help = new HashMap<>();
        Map<String, String> type = new HashMap<>();
        Set<String> closed = new HashSet<>();
        Set<String> series = new HashSet<>();
        String current = null;
        if (!text.endsWith("\n")) {
            problems.add("the text does not end with a newline");
        }
        for (String line : text.lines().toList()) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] p = line.split(" ", 4);
                if (p.length >= 3 && (p[1].equals("HELP") || p[1].equals("TYPE"))) {
                    String family = p[2];
                    if (!NAME.matcher(family).matches()) {
                        problems.add("bad metric name: " + line);
                    }
                    if (!family.equals(current)) {
                        if (current != null) {
                            closed.add(current);
                        }
                        if (closed.contains(family)) {
                            problems.add("family " + family + " appears twice");
                        }
                        current = family;
                    }
                    Map<String, String> m = p[1].equals("HELP") ? help : type;
                    if (m.put(family, p.length == 4 ? p[3] : "") != null) {
                        problems.add("second " + p[1] + " for " + family);
                    }
                    if (p[1].equals("HELP") && (p.length < 4 || p[3].isBlank())) {
                        problems.add("empty HELP for " + family);
                    }
                    if (p[1].equals("TYPE") && (p.length < 4
                            || !Set.of("counter", "gauge", "histogram", "summary", "untyped").contains(p[3]))) {
                        problems.add("bad TYPE: " + line);
                    }
                    if (p[1].equals("TYPE") && "counter".equals(p.length == 4 ? p[3] : null) && !family.endsWith("_total")) {
                        problems.add("counter " + family + " does not end in _total");
                    }
                }
                continue;
            }
            Matcher s = SAMPLE.matcher(line);
            if (!s.matches()) {
                problems.add("not a sample: " + line);
                continue;
            }
            String name = s.group(1);
            if (current == null || !belongs(name, current, type.get(current))) {
                problems.add("sample " + name + " outside its family (in " + current + ")");
            } else if (!help.containsKey(current) || !type.containsKey(current)) {
                problems.add("family " + current + " has samples before its HELP and TYPE");
            }
            if (s.group(3) != null && !s.group(3).isEmpty()) {
                Matcher l = LABEL.matcher(s.group(3));
                Set<String> names = new HashSet<>();
                int end = 0;
                while (l.lookingAt()) {
                    if (!names.add(l.group(1))) {
                        problems.add("label " + l.group(1) + " twice: " + line);
                    }
                    end = l.end();
                    l.region(end, s.group(3).length());
                }
                if (end != s.group(3).length()) {
                    problems.add("bad labels: " + line);
                }
            }
            String value = s.group(4);
            if (!value.matches("[+-]?Inf|NaN") ) {
                try {
                    Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    problems.add("bad value: " + line);
                }
            }
            if (!series.add(name + "{" + (s.group(3) == null ? "" : s.group(3)) + "}")) {
                problems.add("series twice: " + line);
            }
        }
        return problems;
    }

    private static boolean belongs(String sample, String family, String type) {
        if (sample.equals(family)) {
            return true;
        }
        if ("histogram".equals(type)) {
            return sample.equals(family + "_bucket") || sample.equals(family + "_sum") || sample.equals(family + "_count");
        }
        if ("summary".equals(type)) {
            return sample.equals(family + "_sum") || sample.equals(family + "_count");
        }
        return false;
    }
}
