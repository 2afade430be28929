package io.daybit.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The durability promise of API.md, kept by the runnable jar in its own JVM: a client ingests
 * batches with idempotency keys from another thread while the server is killed with SIGKILL at
 * random moments, round after round; after each restart it resends every batch it got no answer
 * for. In the end every batch is in the data exactly once, each acknowledged answer is what a retry
 * returns, and every query answers like a server in memory fed each batch once. Runs after
 * {@code package}.
 */
class DurabilityJarTest {
    private static final Path JAR = Path.of("target", "daybit-server.jar");
    private static final long SEED = 2026;
    private static final int ROUNDS = 5;
    private static final LocalDate FIRST = LocalDate.of(2024, 1, 1);
    private static final LocalDate LAST = LocalDate.of(2025, 6, 30);
    private static final String DATASET = "{\"name\":\"crash\",\"timezone\":\"Europe/Stockholm\",\"currency\":\"SEK\"}";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void killedAtRandomMomentsTheServerLosesNoAcknowledgedBatchAndAppliesNoneTwice() throws Exception {
        List<String> batches = batches();
        Path data = dir.resolve("data");
        Map<Integer, String> acked = new ConcurrentHashMap<>();
        Random rnd = new Random(SEED);
        int killedWhileIngesting = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Process p = start(data, round);
            String url = awaitListening(p);
            int create = post(url + "/api/v1/datasets", "application/json", DATASET, null).statusCode();
            assertTrue(create == 201 || create == 409, "create answered " + create);
            AtomicInteger answered = new AtomicInteger();
            int finalRound = round;
            Thread client = new Thread(() -> {
                for (int b = 0; b < batches.size(); b++) {
                    if (acked.containsKey(b)) {
                        continue;
                    }
                    try {
                        HttpResponse<String> r = post(url + "/api/v1/datasets/crash/events", "application/x-ndjson",
                                batches.get(b), "batch-" + b);
                        if (r.statusCode() == 200) {
                            record(acked, b, r.body(), finalRound);
                            answered.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException e) {
                        return; // the server died under this request: no answer, the batch is retried
                    }
                }
            });
            client.start();
            // kill after a random number of answers, or a random moment for the last rounds
            int killAfter = 1 + rnd.nextInt(40);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(round < ROUNDS - 2 ? 60_000
                    : 50 + rnd.nextInt(400));
            while (answered.get() < killAfter && client.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            boolean ingesting = p.isAlive() && client.isAlive();
            p.destroyForcibly(); // SIGKILL
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            client.join(30_000);
            if (ingesting) {
                killedWhileIngesting++;
            }
        }
        assertTrue(killedWhileIngesting >= ROUNDS - 1, "only " + killedWhileIngesting + " kills landed during ingest");
        int ackedBeforeRetry = acked.size();

        Process p = start(data, ROUNDS);
        try (TestServer memory = TestServer.plain()) {
            String url = awaitListening(p);
            assertEquals(201, memory.post("/api/v1/datasets", "application/json", DATASET).status());
            for (int b = 0; b < batches.size(); b++) {
                String want = memory.post("/api/v1/datasets/crash/events", "application/x-ndjson", batches.get(b))
                        .body();
                HttpResponse<String> got = post(url + "/api/v1/datasets/crash/events", "application/x-ndjson",
                        batches.get(b), "batch-" + b);
                assertEquals(200, got.statusCode(), got.body());
                assertEquals(json(want), json(got.body()), "batch " + b);
                if (acked.containsKey(b)) {
                    assertEquals(json(acked.get(b)), json(got.body()), "the retry of acknowledged batch " + b);
                }
            }
            assertSameAnswers(memory, url);
            p.destroy(); // SIGTERM: a clean stop
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            Process again = start(data, ROUNDS + 1);
            try {
                assertSameAnswers(memory, awaitListening(again));
            } finally {
                again.destroyForcibly();
                again.waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            p.destroyForcibly();
        }
        System.out.printf("durability jar test: %d rounds, %d killed during ingest, %d of %d batches acknowledged "
                + "before the final retry%n", ROUNDS, killedWhileIngesting, ackedBeforeRetry, batches.size());
    }

    private void assertSameAnswers(TestServer memory, String url) throws Exception {
        Map<String, String> range = new LinkedHashMap<>();
        range.put("from", "2024-03-01");
        range.put("to", "2025-05-31");
        range.put("today", LAST.toString());
        List<String> paths = new ArrayList<>();
        paths.add("/api/v1/datasets/crash");
        paths.add("/api/v1/datasets/crash/hub/overview" + TestServer.query(range));
        paths.add("/api/v1/datasets/crash/hub/service-interactions" + TestServer.query(range));
        paths.add("/api/v1/datasets/crash/hub/aov" + TestServer.query(range) + "&granularity=week");
        paths.add("/api/v1/datasets/crash/users/overview?today=" + LAST);
        paths.add("/api/v1/datasets/crash/purchases" + TestServer.query(range));
        paths.add("/api/v1/datasets/crash/purchases" + TestServer.query(range) + "&consent=with&channel=web");
        paths.add("/api/v1/datasets/crash/stores");
        paths.add("/api/v1/datasets/crash/rfm?as_of=" + LAST);
        paths.add("/api/v1/datasets/crash/retention?from=2024-01-01&to=2025-06-30&period=month");
        for (String path : paths) {
            TestServer.Answer want = memory.get(path);
            HttpResponse<String> got = http.send(HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(want.status(), got.statusCode(), path + ": " + got.body());
            assertEquals(want.json(), json(got.body()), path);
        }
    }

    /** The workload: seeded NDJSON cut into batches of 20–120 lines. */
    private static List<String> batches() {
        String[] lines = TestEvents.ndjson(SEED, 2_000, FIRST, LAST).split("\n");
        Random rnd = new Random(SEED);
        List<String> out = new ArrayList<>();
        int at = 0;
        while (at < lines.length) {
            int n = Math.min(lines.length - at, 20 + rnd.nextInt(100));
            out.add(String.join("\n", List.of(lines).subList(at, at + n)) + "\n");
            at += n;
        }
        return out;
    }

    private static void record(Map<Integer, String> acked, int batch, String body, int round) {
        String before = acked.putIfAbsent(batch, body);
        if (before != null && !json(before).equals(json(body))) {
            throw new AssertionError("round " + round + ": batch " + batch + " answered " + body + ", first " + before);
        }
    }

    private static JsonNode json(String body) {
        try {
            return TestServer.JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private HttpResponse<String> post(String url, String type, String body, String key)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(60));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Process start(Path data, int round) throws IOException {
        assertTrue(Files.isRegularFile(JAR), "build the jar first: " + JAR.toAbsolutePath());
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-XX:TieredStopAtLevel=1", "-jar", JAR.toString(), "--port", "0", "--no-demo", "--data-dir",
                data.toString())
                .redirectError(dir.resolve("server-" + round + ".log").toFile())
                .start();
    }

    private String awaitListening(Process p) throws Exception {
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
        return url;
    }
}
