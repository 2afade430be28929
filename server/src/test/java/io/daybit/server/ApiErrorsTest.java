package io.daybit.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every error path of API.md over HTTP: RFC 9457 problem+json with {@code param} for a bad
 * parameter and a message naming the wrong value and what is allowed; 404, 409, 413, 415; never a
 * 500; and a refused request changes nothing.
 */
class ApiErrorsTest {
    private static final String DS = "/api/v1/datasets/shop";
    private static final int BODY_LIMIT = 64 * 1024;
    private static TestServer server;

    @BeforeAll
    static void start() {
        ServerOptions d = TestServer.options();
        server = new TestServer(new ServerOptions(d.host(), 0, null, false, null, false, BODY_LIMIT,
                d.cacheEntries(), d.cacheBytes()));
        assertEquals(201, server.post("/api/v1/datasets", "application/json", "{\"name\":\"shop\"}").status());
        TestServer.Answer a = server.post(DS + "/events", "application/x-ndjson",
                TestEvents.ndjson(7, 20, LocalDate.of(2025, 1, 1), LocalDate.of(2025, 3, 31)));
        assertEquals(200, a.status(), a.body());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Asserts a problem answer and returns it. */
    private static JsonNode problem(TestServer.Answer a, int status, String param, String... detailMentions) {
        assertEquals(status, a.status(), a.body());
        assertNotNull(a.contentType());
        assertTrue(a.contentType().startsWith("application/problem+json"), a.contentType());
        JsonNode p = a.json();
        assertTrue(p.get("type").asText().startsWith("urn:daybit:problem:"), a.body());
        assertTrue(p.hasNonNull("title"), a.body());
        assertEquals(status, p.get("status").asInt());
        assertTrue(p.has("param"), "param must be present, null when no parameter is at fault");
        if (param == null) {
            assertTrue(p.get("param").isNull(), a.body());
        } else {
            assertEquals(param, p.get("param").asText(), a.body());
        }
        for (String m : detailMentions) {
            assertTrue(p.get("detail").asText().contains(m), "detail must mention '" + m + "': " + a.body());
        }
        return p;
    }

    private static TestServer.Answer overview(String... kv) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return server.get(DS + "/hub/overview", p);
    }

    @Test
    void badDatesNameTheParameterAndTheValue() {
        problem(overview("from", "2025-02-30", "to", "2025-03-01"), 400, "from", "2025-02-30", "YYYY-MM-DD");
        problem(overview("from", "2025-3-1", "to", "2025-03-05"), 400, "from", "2025-3-1");
        problem(overview("preset", "last_7_days", "today", "2025-13-01"), 400, "today", "2025-13-01");
        problem(overview("preset", "last_7_days", "compare", "custom", "compare_from", "yesterday",
                "compare_to", "2025-03-01"), 400, "compare_from", "yesterday");
    }

    @Test
    void daysOutsideTheYears1To9999AndHugeAnswersAreRefused() {
        problem(overview("preset", "last_7_days", "today", "-999999999-01-01"), 400, "today", "0001-01-01");
        problem(overview("from", "+10000-01-01", "to", "+10000-01-02"), 400, "from", "9999-12-31");
        problem(overview("from", "0001-01-01", "to", "9999-12-31"), 400, "from", "36525");
        problem(overview("preset", "last_7_days", "compare", "custom", "compare_from", "1900-01-01",
                "compare_to", "2025-01-01"), 400, "compare_from", "at most");
        problem(server.get(DS + "/hub/aov?from=1990-01-01&to=2025-01-01&granularity=day"), 400, "granularity",
                "at most 10000");
        problem(server.get(DS + "/retention?from=1990-01-01&to=2025-01-01&period=week"), 400, "period",
                "at most 1000");
        problem(server.get(DS + "/rfm?as_of=+999999999-12-31"), 400, "as_of");
        assertEquals(200, server.get(DS + "/hub/aov?from=1990-01-01&to=2025-01-01&granularity=month").status());
        assertEquals(200, server.get(DS + "/retention?from=9999-01-01&to=9999-12-31&period=week").status());
        assertEquals(200, overview("preset", "last_12_months", "today", "0001-01-01").status());
        assertEquals(200, overview("from", "9999-12-01", "to", "9999-12-31", "compare", "previous_year").status());
    }

    @Test
    void fromAfterToIsRefused() {
        problem(overview("from", "2025-03-09", "to", "2025-03-01"), 400, "from", "from 2025-03-09 is after to 2025-03-01");
        problem(overview("preset", "last_7_days", "compare", "custom", "compare_from", "2025-02-10",
                "compare_to", "2025-02-01"), 400, "compare_from", "2025-02-10", "2025-02-01");
    }

    @Test
    void contradictoryOrIncompleteTimeParametersAreRefused() {
        problem(overview("preset", "last_7_days", "from", "2025-03-01", "to", "2025-03-02"), 400, "preset");
        problem(overview("today", "2025-03-01"), 400, "preset", "preset", "from");
        problem(overview("from", "2025-03-01"), 400, "to");
        problem(overview("to", "2025-03-01"), 400, "from");
        problem(overview("preset", "last_7_days", "compare_from", "2025-03-01"), 400, "compare_from", "compare=custom");
        problem(overview("preset", "last_7_days", "compare", "custom"), 400, "compare_from", "compare_to");
        problem(server.get(DS + "/hub/overview?preset=last_7_days&preset=today"), 400, "preset", "2 times");
    }

    @Test
    void unknownEnumerationValuesListWhatIsAllowed() {
        problem(overview("preset", "last_8_days"), 400, "preset", "last_8_days", "last_7_days", "last_12_months");
        problem(overview("preset", "last_7_days", "compare", "sideways"), 400, "compare", "sideways", "previous_year");
        problem(server.get(DS + "/hub/aov?preset=last_30_days&granularity=hour"), 400, "granularity", "hour", "week");
        problem(server.get(DS + "/purchases?preset=last_30_days&consent=maybe"), 400, "consent", "maybe", "with");
        problem(server.get(DS + "/purchases?preset=last_30_days&consent=with&consent_channel=fax"), 400,
                "consent_channel", "fax", "email");
        problem(server.get(DS + "/purchases?preset=last_30_days&consent_channel=sms"), 400, "consent_channel",
                "consent");
        problem(server.get(DS + "/purchases?preset=last_30_days&recency=new_7d"), 400, "recency", "new_30d");
        problem(server.get(DS + "/purchases?preset=last_30_days&channel=phone"), 400, "channel", "web", "store");
        problem(server.get(DS + "/purchases?preset=last_30_days&store="), 400, "store");
        problem(server.get(DS + "/retention?from=2025-01-01&to=2025-02-01&period=year"), 400, "period", "week");
        problem(server.get(DS + "/retention?from=2025-01-01&to=2025-02-01&by=pageview"), 400, "by", "hub_opened");
        problem(server.get(DS + "/rfm/transitions?from=2025-01-01&to=2025-02-01&by=vibe"), 400, "by", "persona");
        problem(server.get(DS + "/rfm/transitions?from=2025-02-01&to=2025-01-01"), 400, "from", "before");
        problem(server.get(DS + "/rfm/transitions?to=2025-01-01"), 400, "from", "missing");
        problem(server.get(DS + "/rfm?as_of=2025-02-30"), 400, "as_of", "2025-02-30");
    }

    @Test
    void segmentParametersAreChecked() {
        problem(server.get(DS + "/rfm/members?stage=sleeping"), 400, "stage", "sleeping", "lapsing");
        problem(server.get(DS + "/rfm/members?r=4&f=1&m=1"), 400, "r", "1-3");
        problem(server.get(DS + "/rfm/members?r=1&f=1"), 400, "m", "missing");
        problem(server.get(DS + "/rfm/members?r=x&f=1&m=1"), 400, "r", "'x'");
        problem(server.get(DS + "/rfm/members?persona=champions&limit=0"), 400, "limit", "1-10000");
        problem(server.get(DS + "/rfm/members?persona=champions&limit=10001"), 400, "limit", "1-10000");
        problem(server.get(DS + "/rfm/members?persona=champions&stage=active"), 400, "persona", "only one");
        problem(server.get(DS + "/rfm/members?limit=5"), 400, "persona", "segment");
    }

    @Test
    void unknownDatasetAndRouteAre404() {
        problem(server.get("/api/v1/datasets/nope/hub/overview?preset=last_7_days"), 404, "ds", "nope");
        problem(server.get("/api/v1/datasets/nope"), 404, "ds", "nope");
        problem(server.delete("/api/v1/datasets/nope"), 404, "ds", "nope");
        problem(server.post("/api/v1/datasets/nope/events", "application/x-ndjson", "{}"), 404, "ds", "nope");
        problem(server.put("/api/v1/datasets/nope/rfm", "{}"), 404, "ds", "nope");
        problem(server.get(DS + "/no-such-route"), 404, null, "/no-such-route");
        problem(server.get("/nowhere"), 404, null);
    }

    @Test
    void datasetBodiesAreCheckedFieldByField() {
        String path = "/api/v1/datasets";
        problem(server.post(path, "application/json", "{\"name\":\"shop\"}"), 409, null, "shop");
        problem(server.post(path, "application/json", "{\"name\":\"Bad Name\"}"), 400, "name", "Bad Name");
        problem(server.post(path, "application/json", "{\"name\":42}"), 400, "name", "string");
        problem(server.post(path, "application/json", "{}"), 400, "name", "missing");
        problem(server.post(path, "application/json", "{\"name\":\"x1\",\"timezone\":\"Mars/Olympus\"}"), 400,
                "timezone", "Mars/Olympus");
        problem(server.post(path, "application/json", "{\"name\":\"x1\",\"currency\":\"XYZ\"}"), 400, "currency",
                "XYZ");
        problem(server.post(path, "application/json", "{\"name\":\"x1\",\"attribution_window_hours\":\"24\"}"), 400,
                "attribution_window_hours", "integer");
        problem(server.post(path, "application/json", "{\"name\":\"x1\",\"attribution_window_hours\":1.5}"), 400,
                "attribution_window_hours", "integer");
        problem(server.post(path, "application/json", "{\"name\":\"x1\",\"rfm\":{\"lookback_days\":0}}"), 400,
                "rfm.lookback_days", "lookback_days");
        problem(server.post(path, "application/json", "{\"name\":\"x1\",\"colour\":\"red\"}"), 400, "colour",
                "unknown field");
        problem(server.post(path, "application/json", "{\"name\":"), 400, null, "JSON");
        problem(server.post(path, "application/json", "[1,2]"), 400, null, "object");
        problem(server.post(path, "application/json", ""), 400, null, "empty");
        assertEquals(1, server.get(path).json().get("datasets").size(), "a refused create creates nothing");
    }

    @Test
    void rfmBodiesAreCheckedAndARefusalChangesNothing() {
        String before = server.get(DS).json().get("rfm").toString();
        problem(server.put(DS + "/rfm", "{\"lookback_days\":\"365\"}"), 400, "lookback_days", "integer");
        problem(server.put(DS + "/rfm", "{\"mode\":\"median\"}"), 400, "mode", "median", "quantile");
        problem(server.put(DS + "/rfm", "{\"thresholds\":{\"r\":[90,30]}}"), 400, "thresholds", "increasing");
        problem(server.put(DS + "/rfm", "{\"thresholds\":{\"r\":[1.5,30]}}"), 400, "thresholds", "integers");
        problem(server.put(DS + "/rfm", "{\"personas\":{\"all\":[\"111\"]}}"), 400, "personas", "no persona");
        problem(server.put(DS + "/rfm", "{\"personas\":{\"none\":[\"111\"]}}"), 400, "personas", "none");
        assertEquals(before, server.get(DS).json().get("rfm").toString());
        TestServer.Answer ok = server.put(DS + "/rfm", "{\"mode\":\"fixed\",\"lookback_days\":180}");
        assertEquals(200, ok.status(), ok.body());
        assertEquals("fixed", ok.json().get("rfm").get("mode").asText());
        assertEquals(180, ok.json().get("rfm").get("lookback_days").asInt());
        assertEquals(200, server.put(DS + "/rfm", "{}").status());
        assertEquals(before, server.get(DS).json().get("rfm").toString(), "omitted parts take their defaults");
    }

    @Test
    void malformedNdjsonLinesAreRejectedOneByOne() {
        long events = server.get(DS).json().get("events").asLong();
        String body = "{\"type\":\"hub_opened\",\"account\":\"n1\",\"ts\":\"2025-03-01T10:00:00Z\"}\n"
                + "{\"type\":\"hub_opened\",\n"
                + "\n"
                + "[1,2]\n"
                + "{\"type\":\"order\",\"account\":\"n1\",\"ts\":\"2025-03-01T10:00:00Z\",\"order_id\":\"Z1\","
                + "\"lines\":[{\"product\":\"p\",\"quantity\":1,\"amount\":\"12\"}]}\n"
                + "{\"type\":\"service\",\"account\":\"n1\",\"ts\":\"2025-03-01T10:00:00\",\"action\":\"help_clicked\"}\n";
        TestServer.Answer a = server.post(DS + "/events", "application/x-ndjson", body);
        assertEquals(200, a.status(), a.body());
        JsonNode r = a.json();
        assertEquals(1, r.get("accepted").asInt());
        assertEquals(4, r.get("rejected").size(), a.body());
        int[] lines = {2, 4, 5, 6};
        for (int i = 0; i < lines.length; i++) {
            assertEquals(lines[i], r.get("rejected").get(i).get("line").asInt());
            assertTrue(!r.get("rejected").get(i).get("error").asText().isBlank());
        }
        assertTrue(r.get("rejected").get(2).get("error").asText().contains("amount"), a.body());
        assertEquals(events + 1, server.get(DS).json().get("events").asLong());
    }

    @Test
    void aMalformedJsonArrayIsRefusedWhole() {
        long events = server.get(DS).json().get("events").asLong();
        problem(server.post(DS + "/events", "application/json",
                "[{\"type\":\"hub_opened\",\"account\":\"j1\",\"ts\":\"2025-03-01T10:00:00Z\"},"), 400, null);
        problem(server.post(DS + "/events", "application/json", "{\"type\":\"hub_opened\"}"), 400, null, "array");
        assertEquals(events, server.get(DS).json().get("events").asLong(), "nothing of a refused batch is applied");
        TestServer.Answer ok = server.post(DS + "/events", "application/json; charset=utf-8",
                "[{\"type\":\"hub_opened\",\"account\":\"j1\",\"ts\":\"2025-03-01T10:00:00Z\"},"
                        + "{\"type\":\"hub_opened\",\"account\":7,\"ts\":\"2025-03-01T10:00:00Z\"}]");
        assertEquals(200, ok.status(), ok.body());
        assertEquals(1, ok.json().get("accepted").asInt());
        assertEquals(2, ok.json().get("rejected").get(0).get("line").asInt());
    }

    @Test
    void anUnsupportedMediaTypeIs415() {
        problem(server.post(DS + "/events", "text/csv", "type,account\n"), 415, "Content-Type", "application/x-ndjson");
    }

    @Test
    void aBodyOverTheLimitIs413AndChangesNothing() {
        long events = server.get(DS).json().get("events").asLong();
        StringBuilder big = new StringBuilder();
        while (big.length() <= BODY_LIMIT) {
            big.append("{\"type\":\"hub_opened\",\"account\":\"big\",\"ts\":\"2025-03-01T10:00:00Z\"}\n");
        }
        problem(server.post(DS + "/events", "application/x-ndjson", big.toString()), 413, null,
                Integer.toString(BODY_LIMIT));
        // the same without a Content-Length: the limit holds while reading
        byte[] bytes = big.toString().getBytes(StandardCharsets.UTF_8);
        TestServer.Answer chunked = server.send(HttpRequest.newBuilder(URI.create(server.url(DS + "/events")))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
        problem(chunked, 413, null, Integer.toString(BODY_LIMIT));
        problem(server.post("/api/v1/datasets", "application/json", "{\"name\":\"" + "a".repeat(BODY_LIMIT) + "\"}"),
                413, null);
        assertEquals(events, server.get(DS).json().get("events").asLong());
    }

    @Test
    void aRetriedBatchWithTheSameIdempotencyKeyIsAppliedOnce() {
        long events = server.get(DS).json().get("events").asLong();
        String body = "{\"type\":\"hub_opened\",\"account\":\"k1\",\"ts\":\"2025-03-02T10:00:00Z\"}\n{\"type\":\"x\"}\n";
        HttpRequest.Builder first = HttpRequest.newBuilder(URI.create(server.url(DS + "/events")))
                .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", "batch-0001")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        TestServer.Answer a = server.send(first);
        TestServer.Answer b = server.send(HttpRequest.newBuilder(URI.create(server.url(DS + "/events")))
                .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", "batch-0001")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(200, b.status());
        assertEquals(a.body(), b.body());
        assertEquals(events + 1, server.get(DS).json().get("events").asLong());
        problem(server.send(HttpRequest.newBuilder(URI.create(server.url(DS + "/events")))
                .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", "k".repeat(300))
                .POST(HttpRequest.BodyPublishers.ofString(body))), 400, "Idempotency-Key");
    }

    @Test
    void deletingADatasetForgetsItAndItsAnswers() {
        assertEquals(201, server.post("/api/v1/datasets", "application/json", "{\"name\":\"temp\"}").status());
        String q = "/api/v1/datasets/temp/hub/overview?from=2025-03-01&to=2025-03-01";
        assertEquals(0, server.get(q).json().get("metrics").get("active_accounts").get("value").asInt());
        assertEquals(204, server.delete("/api/v1/datasets/temp").status());
        problem(server.get(q), 404, "ds", "temp");
        assertEquals(201, server.post("/api/v1/datasets", "application/json", "{\"name\":\"temp\"}").status());
        server.post("/api/v1/datasets/temp/events", "application/x-ndjson",
                "{\"type\":\"hub_opened\",\"account\":\"t\",\"ts\":\"2025-03-01T10:00:00Z\"}\n");
        assertEquals(1, server.get(q).json().get("metrics").get("active_accounts").get("value").asInt(),
                "a re-created dataset never sees the answers of the deleted one");
        assertEquals(204, server.delete("/api/v1/datasets/temp").status());
    }
}
