package io.daybit.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /health}, {@code /metrics} and the dashboard page. */
class OperationsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.plain();
        server.post("/api/v1/datasets", "application/json", "{\"name\":\"shop\"}");
        server.post("/api/v1/datasets/shop/events", "application/x-ndjson",
                "{\"type\":\"hub_opened\",\"account\":\"a\",\"ts\":\"2025-03-01T10:00:00Z\"}\n{\"type\":\"nope\"}\n");
        server.get("/api/v1/datasets/shop/hub/overview?preset=last_7_days");
        server.get("/api/v1/datasets/shop/hub/overview?preset=yesterday&granularity=x");
        server.get("/no/such/route");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void healthIsOkOnceLoaded() {
        TestServer.Answer a = server.get("/health");
        assertEquals(200, a.status());
        assertEquals("ok", a.json().get("status").asText());
    }

    @Test
    void metricsCountRequestsPerRouteIngestAndDatasets() {
        TestServer.Answer a = server.get("/metrics");
        assertEquals(200, a.status());
        assertTrue(a.contentType().startsWith("text/plain"), a.contentType());
        String m = a.body();
        assertContains(m, "daybit_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/datasets/{ds}/hub/overview\","
                + "status=\"200\"} 2");
        assertContains(m, "daybit_http_requests_seconds_bucket{method=\"GET\",route=\"/api/v1/datasets/{ds}/hub/overview\"");
        assertContains(m, "route=\"unmatched\",status=\"404\"} 1");
        assertContains(m, "daybit_ingest_batches_total{dataset=\"shop\"} 1");
        assertContains(m, "daybit_ingest_events_accepted_total{dataset=\"shop\"} 1");
        assertContains(m, "daybit_ingest_events_rejected_total{dataset=\"shop\"} 1");
        assertContains(m, "daybit_dataset_events{dataset=\"shop\"} 1");
        assertContains(m, "daybit_dataset_accounts{dataset=\"shop\"} 1");
        assertContains(m, "jvm_memory_used_bytes");
    }

    /** Found by the soak run: two scrapes at once re-registered the dataset gauges over each other (500). */
    @Test
    void concurrentScrapesAllAnswer200() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                statuses.add(pool.submit(() -> server.get("/metrics").status()));
            }
            for (java.util.concurrent.Future<Integer> f : statuses) {
                assertEquals(200, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void thePageLoadsItsScriptsAndTheChartsFromTheServerItself() {
        TestServer.Answer page = server.get("/");
        assertEquals(200, page.status());
        assertTrue(page.contentType().startsWith("text/html"));
        assertContains(page.body(), "/vendor/echarts/echarts.min.js");
        assertContains(page.body(), "/assets/app.js");
        assertContains(page.body(), "/assets/dashboard.css");
        TestServer.Answer echarts = server.get("/vendor/echarts/echarts.min.js");
        assertEquals(200, echarts.status());
        assertContains(echarts.body(), "version=\"6.0.0\"");
        TestServer.Answer app = server.get("/assets/app.js");
        assertEquals(200, app.status());
        assertTrue(app.contentType().contains("javascript"), app.contentType());
        assertContains(app.body(), "/api/v1/datasets");
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "the page loads nothing from elsewhere");
    }

    private static void assertContains(String text, String part) {
        assertTrue(text.contains(part), "missing: " + part);
    }
}
