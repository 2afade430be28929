package io.daybit.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.daybit.server.security.AccessControl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tokens from a token file guard every /api route: 401 without a valid token, 403 for a token of
 * another dataset or a lesser role; the operational routes stay open; without a token file the
 * server refuses to listen beyond loopback.
 */
class AccessControlTest {
    private static final String READER = "reader-token-0123456789";
    private static final String INGESTER = "ingest-token-0123456789";
    private static final String ADMIN = "admin-token-0123456789ab";
    private static final String OTHER = "other-token-0123456789ab";

    @TempDir
    static Path dir;
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, String.join("\n",
                "# token dataset role",
                READER + " shop read",
                INGESTER + "  shop   ingest",
                "",
                ADMIN + " * admin",
                OTHER + " other admin",
                ""));
        ServerOptions d = TestServer.options();
        server = new TestServer(new ServerOptions(d.host(), 0, null, false, tokens, false, d.maxBodyBytes(),
                d.cacheEntries(), d.cacheBytes()));
        assertEquals(201, server.token(ADMIN).post("/api/v1/datasets", "application/json", "{\"name\":\"shop\"}")
                .status());
        assertEquals(201, server.token(ADMIN).post("/api/v1/datasets", "application/json", "{\"name\":\"other\"}")
                .status());
        server.token(null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static int status(String token, String method, String path) {
        server.token(token);
        try {
            switch (method) {
                case "GET":
                    return server.get(path).status();
                case "DELETE":
                    return server.delete(path).status();
                default:
                    return server.post(path, "application/x-ndjson",
                            "{\"type\":\"hub_opened\",\"account\":\"a\",\"ts\":\"2025-03-01T10:00:00Z\"}\n").status();
            }
        } finally {
            server.token(null);
        }
    }

    @Test
    void noTokenOrAWrongOneIs401() {
        TestServer.Answer a = server.get("/api/v1/datasets/shop/hub/overview?preset=last_7_days");
        assertEquals(401, a.status());
        assertTrue(a.contentType().startsWith("application/problem+json"));
        assertTrue(a.header("WWW-Authenticate").startsWith("Bearer"));
        assertEquals(401, status("not-a-configured-token", "GET", "/api/v1/datasets/shop"));
        assertEquals(401, status(READER + "x", "GET", "/api/v1/datasets/shop"));
        assertEquals(401, status(null, "GET", "/api/v1/datasets"));
        TestServer.Answer basic = server.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.url("/api/v1/datasets"))).header("Authorization", "Basic " + READER));
        assertEquals(401, basic.status());
        assertFalse(basic.body().contains(READER), "a token is never echoed");
    }

    @Test
    void aReadTokenReadsItsDatasetOnly() {
        assertEquals(200, status(READER, "GET", "/api/v1/datasets/shop/hub/overview?preset=last_7_days"));
        assertEquals(200, status(READER, "GET", "/api/v1/datasets/shop"));
        assertEquals(403, status(READER, "GET", "/api/v1/datasets/other"));
        assertEquals(403, status(READER, "GET", "/api/v1/datasets/nonexistent"), "no hint whether it exists");
        assertEquals(403, status(READER, "POST", "/api/v1/datasets/shop/events"));
        assertEquals(403, status(READER, "DELETE", "/api/v1/datasets/shop"));
        server.token(READER);
        JsonNode list = server.get("/api/v1/datasets").json().get("datasets");
        server.token(null);
        assertEquals(1, list.size());
        assertEquals("shop", list.get(0).get("name").asText());
    }

    @Test
    void anIngestTokenIngestsAndReadsButDoesNotAdminister() {
        assertEquals(200, status(INGESTER, "POST", "/api/v1/datasets/shop/events"));
        assertEquals(200, status(INGESTER, "GET", "/api/v1/datasets/shop"));
        assertEquals(403, status(INGESTER, "POST", "/api/v1/datasets/other/events"));
        assertEquals(403, status(INGESTER, "DELETE", "/api/v1/datasets/shop"));
        server.token(INGESTER);
        assertEquals(403, server.put("/api/v1/datasets/shop/rfm", "{}").status());
        assertEquals(403, server.post("/api/v1/datasets", "application/json", "{\"name\":\"mine\"}").status());
        server.token(null);
    }

    @Test
    void anAdminTokenOfOneDatasetCannotCreateOthers() {
        server.token(OTHER);
        assertEquals(403, server.post("/api/v1/datasets", "application/json", "{\"name\":\"third\"}").status());
        assertEquals(200, server.put("/api/v1/datasets/other/rfm", "{}").status());
        server.token(ADMIN);
        assertEquals(201, server.post("/api/v1/datasets", "application/json", "{\"name\":\"third\"}").status());
        assertEquals(204, server.delete("/api/v1/datasets/third").status());
        server.token(null);
    }

    @Test
    void operationalRoutesAndThePageNeedNoToken() {
        assertEquals(200, server.get("/health").status());
        assertEquals(200, server.get("/metrics").status());
        assertEquals(200, server.get("/openapi.json").status());
        assertEquals(200, server.get("/").status());
    }

    @Test
    void withoutATokenFileOnlyLoopbackIsAllowed() {
        ServerOptions d = TestServer.options();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DaybitServer.start(
                new ServerOptions("0.0.0.0", 0, null, false, null, false, d.maxBodyBytes(), 0, 0)));
        assertTrue(e.getMessage().contains("--token-file"), e.getMessage());
        assertTrue(e.getMessage().contains("--insecure"), e.getMessage());
    }

    @Test
    void aMalformedTokenFileIsRefusedWithoutShowingTheToken() throws IOException {
        Path bad = dir.resolve("bad-tokens");
        Files.writeString(bad, "secret-token-0123456789 shop owner\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AccessControl.fromFile(bad));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-token"), e.getMessage());
        Files.writeString(bad, "short shop read\n");
        assertThrows(IllegalArgumentException.class, () -> AccessControl.fromFile(bad));
        Files.writeString(bad, "# nothing\n");
        assertThrows(IllegalArgumentException.class, () -> AccessControl.fromFile(bad));
    }

    /**
     * Found while writing the token-file fuzz target: a line that is not UTF-8 stopped the server
     * with a bare decoding error naming no line.
     */
    @Test
    void aTokenFileLineThatIsNotUtf8IsRefusedNamingItsNumber() throws IOException {
        Path bad = dir.resolve("not-utf8-tokens");
        Files.write(bad, new byte[] {'#', ' ', 'o', 'k', '\r', '\n', 'a', (byte) 0xC3, '(', '\n'});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AccessControl.fromFile(bad));
        assertTrue(e.getMessage().contains(bad + " line 2: not valid UTF-8"), e.getMessage());
    }
}
