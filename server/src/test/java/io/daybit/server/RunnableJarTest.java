package io.daybit.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.daybit.engine.Dataset;
import io.daybit.engine.Engine;
import io.daybit.engine.query.HubOverview;
import io.daybit.engine.query.Preset;
import io.daybit.engine.query.TimeSpec;
import io.daybit.server.demo.DemoData;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runnable jar as a user runs it: {@code java -jar server/target/daybit-server.jar}, in its own
 * JVM, with the command line of API.md § Running. Runs after {@code package}.
 */
class RunnableJarTest {
    private static final Path JAR = Path.of("target", "daybit-server.jar");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A server process and the URL it printed. */
    private record Running(Process process, String url) implements AutoCloseable {
        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Process launch(String... args) throws IOException {
        assertTrue(Files.isRegularFile(JAR), "build the jar first: " + JAR.toAbsolutePath());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Starts the jar and waits for its {@code listening on} line. */
    private static Running start(String... args) throws Exception {
        Process p = launch(args);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null) {
                    if (l.startsWith("listening on ")) {
                        return l.substring("listening on ".length());
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String url = line.get(60, TimeUnit.SECONDS);
        if (url == null) {
            p.destroyForcibly();
            throw new AssertionError("the server printed no 'listening on' line; exit " + p.waitFor());
        }
        return new Running(p, url);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String type, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theJarServesTheApiOnAFreePort() throws Exception {
        try (Running s = start("--port", "0", "--no-demo")) {
            assertTrue(s.url.matches("http://127\\.0\\.0\\.1:[0-9]+"), s.url);
            assertEquals(200, get(s.url + "/health").statusCode());
            assertEquals(201, post(s.url + "/api/v1/datasets", "application/json",
                    TestServer.resource("/golden/dataset.json")).statusCode());
            HttpResponse<String> ingest = post(s.url + "/api/v1/datasets/golden/events", "application/x-ndjson",
                    TestServer.resource("/golden/events.ndjson"));
            assertEquals(200, ingest.statusCode());
            assertEquals(12441, TestServer.JSON.readTree(ingest.body()).get("accepted").asInt());
            // the first golden case, as a client of the jar sees it
            JsonNode c = TestServer.JSON.readTree(new String(TestServer.resource("/golden/queries.jsonl"),
                    StandardCharsets.UTF_8).split("\n")[0]);
            StringBuilder q = new StringBuilder();
            c.get("params").properties().forEach(p -> q.append(q.length() == 0 ? "?" : "&").append(p.getKey())
                    .append('=').append(TestServer.enc(p.getValue().asText())));
            HttpResponse<String> answer = get(s.url + c.get("route").asText() + q);
            assertEquals(200, answer.statusCode());
            assertEquals(List.of(), GoldenComparator.compare(c.get("route").asText(), c.get("expected"),
                    TestServer.JSON.readTree(answer.body())));
        }
    }

    @Test
    void withNoFlagsItServesTheSameDemoDatasetOnEveryStart() throws Exception {
        // the jar's demo, in its own JVM, against the demo generated here: the same numbers
        try (Running s = start("--port", "0"); Engine engine = Engine.inMemory()) {
            Dataset here = DemoData.load(engine);
            JsonNode info = null;
            for (int i = 0; i < 240 && (info == null || get(s.url + "/health").statusCode() != 200); i++) {
                Thread.sleep(500);
                info = TestServer.JSON.readTree(get(s.url + "/api/v1/datasets/demo").body());
            }
            assertEquals(200, get(s.url + "/health").statusCode(), "the demo dataset did not finish loading");
            info = TestServer.JSON.readTree(get(s.url + "/api/v1/datasets/demo").body());
            assertEquals(here.info().events(), info.get("events").asLong());
            assertTrue(info.get("events").asLong() > 300_000, info.toString());
            assertEquals(DemoData.config().end().toString(), info.get("last_day").asText());
            assertEquals("SEK", info.get("currency").asText());
            String query = "/api/v1/datasets/demo/hub/overview?preset=last_30_days&today=" + DemoData.config().end();
            JsonNode there = TestServer.JSON.readTree(get(s.url + query).body());
            HubOverview o = here.hubOverview(TimeSpec.of(Preset.LAST_30_DAYS).today(DemoData.config().end()));
            assertEquals(o.activeAccounts().value().longValue(),
                    there.get("metrics").get("active_accounts").get("value").asLong());
            assertEquals(o.revenueGenerated().value().longValue(),
                    there.get("metrics").get("revenue_generated").get("value").asLong());
            assertTrue(o.activeAccounts().value() > 0);
        }
    }

    @Test
    void helpListsTheFlagsAndExitsZero() throws Exception {
        Process p = launch("--help");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        for (String flag : List.of("--host", "--port", "--data-dir", "--no-demo", "--token-file", "--help")) {
            assertTrue(out.contains(flag), flag + " missing from:\n" + out);
        }
    }

    @Test
    void aPublicHostWithoutTokensIsRefused() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString(), "--host", "0.0.0.0", "--port", "0", "--no-demo").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("--token-file"), out);
    }
}
