package io.daybit.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP details a client relies on, against a real server: 201 with {@code Location}, 405 with
 * {@code Allow}, one {@code Content-Type} rule for every body, the parameter named in a 404, and
 * 503 with {@code Retry-After} (never partial numbers) while a dataset loads.
 */
class HttpPolishTest {
    private static final String DATASETS = "/api/v1/datasets";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.plain();
        assertEquals(201, server.post(DATASETS, "application/json", "{\"name\": \"shop\"}").status());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aNewDatasetAnswers201WithItsLocation() {
        TestServer.Answer a = server.post(DATASETS, "application/json", "{\"name\": \"located\"}");
        assertEquals(201, a.status());
        assertEquals("/api/v1/datasets/located", a.header("Location"));
        assertEquals("located", server.get(a.header("Location")).json().get("name").asText());
    }

    @Test
    void aKnownPathWithAnotherMethodAnswers405WithAllow() {
        assertMethodNotAllowed("PATCH", DATASETS + "/shop", "GET, DELETE");
        assertMethodNotAllowed("DELETE", DATASETS, "GET, POST");
        assertMethodNotAllowed("GET", DATASETS + "/shop/events", "POST");
        assertMethodNotAllowed("POST", DATASETS + "/shop/rfm", "GET, PUT");
        assertMethodNotAllowed("POST", "/health", "GET");
        // an unknown path is still 404, whatever the method
        TestServer.Answer unknown = server.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/nothing")))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
        assertEquals(404, unknown.status());
        assertEquals(null, unknown.header("Allow"));
    }

    private static void assertMethodNotAllowed(String method, String path, String allow) {
        TestServer.Answer a = server.send(HttpRequest.newBuilder(URI.create(server.url(path)))
                .method(method, HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(405, a.status(), method + " " + path + ": " + a.body());
        assertEquals(allow, a.header("Allow"), method + " " + path);
        assertTrue(a.contentType().startsWith("application/problem+json"));
        assertEquals("urn:daybit:problem:method-not-allowed", a.json().get("type").asText());
    }

    @Test
    void everyBodyFollowsTheSameContentTypeRule() {
        String dataset = "{\"name\": \"typed\"}";
        unsupported(server.post(DATASETS, "text/plain", dataset));
        unsupported(server.post(DATASETS, "application/x-www-form-urlencoded", dataset));
        unsupported(server.post(DATASETS, "application/json; charset=iso-8859-1", dataset));
        unsupported(server.send(HttpRequest.newBuilder(URI.create(server.url(DATASETS)))
                .POST(HttpRequest.BodyPublishers.ofString(dataset))));
        unsupported(server.send(HttpRequest.newBuilder(URI.create(server.url(DATASETS + "/shop/rfm")))
                .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString("{}"))));
        unsupported(server.post(DATASETS + "/shop/events", "text/csv", "type,account\n"));
        unsupported(server.post(DATASETS + "/shop/events", "application/x-ndjson; charset=utf-16", "{}\n"));
        assertEquals(404, server.get(DATASETS + "/typed").status(), "nothing was created by a refused body");
        assertEquals(201, server.post(DATASETS, "Application/JSON; charset=UTF-8", dataset).status());
        assertEquals(200, server.put(DATASETS + "/shop/rfm", "{\"lookback_days\": 100}").status());
        assertEquals(200, server.post(DATASETS + "/shop/events", "application/json; charset=utf-8", "[]").status());
    }

    private static void unsupported(TestServer.Answer a) {
        assertEquals(415, a.status(), a.body());
        JsonNode p = a.json();
        assertEquals("Content-Type", p.get("param").asText());
        assertEquals("urn:daybit:problem:unsupported-media-type", p.get("type").asText());
    }

    @Test
    void aNotFoundProblemNamesTheDatasetOrPersonaParameter() {
        TestServer.Answer ds = server.get(DATASETS + "/nope/hub/overview?preset=today");
        assertEquals(404, ds.status());
        assertEquals("ds", ds.json().get("param").asText());
        assertEquals("ds", server.delete(DATASETS + "/nope").json().get("param").asText());
        TestServer.Answer persona = server.get(DATASETS + "/shop/rfm/members?persona=vip");
        assertEquals(404, persona.status());
        assertEquals("persona", persona.json().get("param").asText());
        assertTrue(persona.json().get("detail").asText().contains("vip"));
    }

    @Test
    void aDatasetStillLoadingAnswers503WithRetryAfterAndIsNotListed() throws InterruptedException {
        ServerOptions o = TestServer.options();
        try (TestServer loading = new TestServer(new ServerOptions(o.host(), 0, null, true, null, false,
                o.maxBodyBytes(), o.cacheEntries(), o.cacheBytes()))) {
            int seenLoading = 0;
            while (!loading.server.ready()) {
                TestServer.Answer q = loading.get(DATASETS + "/demo/hub/overview?preset=last_30_days");
                TestServer.Answer list = loading.get(DATASETS);
                if (loading.server.ready()) {
                    break; // it finished between the two requests: the answers may be either
                }
                seenLoading++;
                assertEquals(503, q.status(), "a query while loading: " + q.body());
                assertEquals("1", q.header("Retry-After"));
                assertEquals("urn:daybit:problem:unavailable", q.json().get("type").asText());
                assertFalse(list.body().contains("\"demo\""), "listed while loading: " + list.body());
                assertEquals(503, loading.get(DATASETS + "/demo").status());
                Thread.sleep(20);
            }
            assertTrue(seenLoading > 0, "the demo loaded before the first request; nothing was checked");
            TestServer.Answer after = loading.get(DATASETS + "/demo/hub/overview?preset=last_30_days");
            assertEquals(200, after.status());
            assertTrue(loading.get(DATASETS).body().contains("\"demo\""));
        }
    }
}
