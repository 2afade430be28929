package io.daybit.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real server on 127.0.0.1 and an ephemeral port, and a {@link HttpClient} to call it: what
 * every end-to-end test of the server uses.
 */
final class TestServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final DaybitServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;

    /** One answer: status, content type and body. */
    record Answer(int status, String contentType, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    TestServer(ServerOptions options) {
        try {
            server = DaybitServer.start(options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server on an ephemeral loopback port without the demo dataset. */
    static TestServer plain() {
        return new TestServer(options());
    }

    /** The test defaults: 127.0.0.1, port 0, no demo. */
    static ServerOptions options() {
        ServerOptions d = ServerOptions.defaults();
        return new ServerOptions("127.0.0.1", 0, null, false, null, false, d.maxBodyBytes(), d.cacheEntries(),
                d.cacheBytes());
    }

    /** Sends {@code Authorization: Bearer token} from now on (null: none). */
    TestServer token(String bearer) {
        this.token = bearer;
        return this;
    }

    String url(String path) {
        return server.url() + path;
    }

    /** A query string of the parameters, percent-encoded as UTF-8. */
    static String query(Map<String, String> params) {
        List<String> parts = new ArrayList<>();
        params.forEach((k, v) -> parts.add(enc(k) + "=" + enc(v)));
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).GET());
    }

    Answer get(String path, Map<String, String> params) {
        return get(path + query(params));
    }

    Answer delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).DELETE());
    }

    Answer post(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Answer post(String path, String contentType, String body) {
        return post(path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    Answer put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer send(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A classpath resource of the engine's test-jar, e.g. {@code /golden/events.ndjson}. */
    static byte[] resource(String name) {
        try (InputStream in = TestServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
