package io.daybit.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded random parameters and bodies, valid and not, on every route: the answer is never a 5xx,
 * an error is always problem+json, and nothing a refused request sent is applied.
 */
class ApiFuzzTest {
    private static final String DS = "/api/v1/datasets/shop";
    private static final String[] ROUTES = {"/hub/overview", "/hub/service-interactions", "/hub/aov",
        "/users/overview", "/purchases", "/stores", "/rfm", "/rfm/transitions", "/rfm/members", "/retention", ""};
    private static final String[] NAMES = {"preset", "from", "to", "compare", "compare_from", "compare_to", "today",
        "granularity", "consent", "consent_channel", "recency", "channel", "store", "as_of", "by", "persona", "stage",
        "r", "f", "m", "limit", "after", "period"};
    private static final String[] VALUES = {"", " ", "2025-03-01", "2025-02-29", "2024-02-29", "0001-01-01",
        "9999-12-31", "+999999999-12-31", "-999999999-01-01", "+10000-01-01", "2025-03-01T00:00:00Z", "last_7_days",
        "last_12_months", "today", "custom", "none", "previous_year", "week", "month", "day", "with", "without",
        "email", "fax", "new_30d", "web", "store", "persona", "stage", "r", "champions", "active", "1", "3", "0", "-1",
        "10000", "10001", "2147483648", "99999999999999999999", "1.5", "NaN", "%", "\u0000", "Malmö Triangeln",
        "\uD83D\uDE00", "x".repeat(2000), "null", "[]", "{}"};

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.plain();
        server.post("/api/v1/datasets", "application/json", "{\"name\":\"shop\"}");
        server.post(DS + "/events", "application/x-ndjson",
                TestEvents.ndjson(5, 50, LocalDate.of(2024, 12, 1), LocalDate.of(2025, 3, 31)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertAnswered(TestServer.Answer a, String what) {
        assertTrue(a.status() < 500, what + " -> " + a.status() + " " + a.body());
        if (a.status() >= 400) {
            assertTrue(a.contentType() != null && a.contentType().startsWith("application/problem+json"),
                    what + " -> " + a.contentType());
            JsonNode p = a.json();
            assertEquals(a.status(), p.get("status").asInt(), what);
            assertTrue(!p.get("detail").asText().isBlank(), what);
        }
    }

    @Test
    void randomQueryParametersNeverFailTheServer() {
        SplittableRandom rnd = new SplittableRandom(20250301);
        Set<Integer> seen = new java.util.TreeSet<>();
        for (int i = 0; i < 1000; i++) {
            Map<String, String> p = new LinkedHashMap<>();
            int n = rnd.nextInt(6);
            for (int k = 0; k < n; k++) {
                p.put(NAMES[rnd.nextInt(NAMES.length)], VALUES[rnd.nextInt(VALUES.length)]);
            }
            String route = DS + ROUTES[rnd.nextInt(ROUTES.length)];
            TestServer.Answer a = server.get(route, p);
            seen.add(a.status());
            assertAnswered(a, route + " " + p);
        }
        assertTrue(seen.contains(200) && seen.contains(400), "the fuzz reached both answers: " + seen);
    }

    @Test
    void randomBodiesNeverFailTheServerNorChangeAnything() {
        SplittableRandom rnd = new SplittableRandom(7);
        String before = server.get(DS).body();
        List<String> bodies = new ArrayList<>(List.of("", "{", "[", "null", "1", "\"x\"", "[]", "{}", "{\"a\":",
                "\u0000", "{\"name\":null}", "{\"rfm\":[]}", "{\"personas\":{\"a\":null}}", "{\"thresholds\":null}",
                "{\"thresholds\":{\"r\":[1]}}", "{\"thresholds\":{\"q\":[1,2]}}", "{\"lookback_days\":1e3}",
                "{\"lookback_days\":99999999999}", "{\"mode\":null,\"lookback_days\":-5}", "[[[[[[[[[[[[[[[[[[[[]]]]]"
                        + "]]]]]]]]]]]]]]]"));
        for (int i = 0; i < 200; i++) {
            String body = rnd.nextBoolean() ? bodies.get(rnd.nextInt(bodies.size()))
                    : VALUES[rnd.nextInt(VALUES.length)];
            TestServer.Answer put = server.put(DS + "/rfm", body);
            if (put.status() == 200) {
                // a body that is valid resets the defaults: put them back before comparing
                continue;
            }
            assertAnswered(put, "PUT rfm " + body);
            assertAnswered(server.post("/api/v1/datasets", "application/json", body), "POST dataset " + body);
            assertAnswered(server.post(DS + "/events", "application/json", body), "POST events (json) " + body);
        }
        server.put(DS + "/rfm", "{}");
        assertEquals(before, server.get(DS).body());
    }
}
