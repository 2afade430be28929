package io.daybit.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.daybit.datagen.io.HttpLoader;
import io.daybit.datagen.io.LoadReport;
import io.daybit.engine.EngineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real server far past its capacity: many clients ingest and query at once against a server
 * sized small on purpose. Every answer must be 200, 429 (ingest) or 503 (query), each refusal
 * with {@code Retry-After}; every batch acknowledged with 200 must be there exactly once and no
 * refused batch at all, also after a restart (the answers equal a second server fed exactly the
 * acknowledged batches); and the server must serve normally as soon as the flood stops.
 */
class OverloadTest {
    private static final String DS = "/api/v1/datasets/shop";
    private static final String CREATE = "{\"name\":\"shop\",\"timezone\":\"Europe/Stockholm\",\"currency\":\"SEK\"}";
    private static final LocalDate FIRST = LocalDate.of(2025, 1, 1);
    private static final int DAYS = 90;
    private static final int LINES = 50;
    private static final int QUERY_CLIENTS = 12;
    private static final int INGEST_CLIENTS = 8;
    private static final long FLOOD_MILLIS = 4_000;
    /**
     * Two queries and three ingests at once, and at most 80 lines waiting for the writer: a second
     * batch of 50 waiting is refused by the engine itself, so both the server's bound and the
     * engine's are met.
     */
    private static final ServerOptions.Capacity SMALL = new ServerOptions.Capacity(32, 256, 2, 3, 1L << 20,
            new EngineConfig.IngestQueue(64, 80));
    /** Questions over the whole dataset: every column a batch touches shows in one of them. */
    private static final List<String> QUESTIONS = List.of(
            DS,
            DS + "/hub/overview?from=2025-01-01&to=2025-03-31&compare=none&today=2025-04-01",
            DS + "/hub/overview?preset=last_30_days&today=2025-03-15",
            DS + "/hub/service-interactions?from=2025-01-01&to=2025-03-31&today=2025-04-01",
            DS + "/hub/aov?from=2025-01-01&to=2025-03-31&granularity=week&today=2025-04-01",
            DS + "/users/overview?today=2025-04-01",
            DS + "/purchases?from=2025-02-01&to=2025-03-31&today=2025-04-01",
            DS + "/purchases?from=2025-01-01&to=2025-03-31&channel=web&consent=with&today=2025-04-01",
            DS + "/stores",
            DS + "/rfm?as_of=2025-04-01",
            DS + "/retention?from=2025-01-01&to=2025-03-31&period=week&by=purchase&today=2025-04-01");

    @TempDir
    Path dataDir;

    private static ServerOptions options(Path dir, ServerOptions.Capacity capacity) {
        ServerOptions d = ServerOptions.defaults();
        return new ServerOptions("127.0.0.1", 0, dir, false, null, false, d.maxBodyBytes(), d.cacheEntries(),
                d.cacheBytes(), 10_000, 50_000, capacity);
    }

    /** A batch of {@link #LINES} valid events, unique to (client, n): accounts shared, order ids not. */
    private static String batch(int client, int n) {
        SplittableRandom rnd = new SplittableRandom(client * 1_000_003L + n);
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < LINES; k++) {
            String account = "c" + rnd.nextInt(400);
            String ts = FIRST.plusDays(rnd.nextInt(DAYS)) + "T" + (10 + rnd.nextInt(12)) + ":00:00+01:00";
            switch (k % 5) {
                case 0 -> b.append("{\"type\":\"account_created\",\"account\":\"").append(account)
                        .append("\",\"ts\":\"").append(ts).append("\",\"contacts\":[\"email\"],")
                        .append("\"consents\":{\"email\":").append(rnd.nextBoolean()).append("}}\n");
                case 1, 2 -> b.append("{\"type\":\"hub_opened\",\"account\":\"").append(account)
                        .append("\",\"ts\":\"").append(ts).append("\"}\n");
                case 3 -> b.append("{\"type\":\"service\",\"account\":\"").append(account)
                        .append("\",\"ts\":\"").append(ts).append("\",\"action\":\"help_clicked\"}\n");
                default -> b.append("{\"type\":\"order\",\"account\":\"").append(account)
                        .append("\",\"ts\":\"").append(ts).append("\",\"order_id\":\"o-").append(client).append('-')
                        .append(n).append('-').append(k).append("\",\"signed_in\":").append(rnd.nextBoolean())
                        .append(",\"channel\":\"web\",\"lines\":[{\"product\":\"p").append(rnd.nextInt(5))
                        .append("\",\"quantity\":1,\"amount\":").append(100 + rnd.nextInt(5_000)).append("}]}\n");
            }
        }
        return b.toString();
    }

    /** What the flood saw: the status counts and the batches acknowledged with 200. */
    private record Flood(Map<Integer, Long> statuses, Map<String, Long> refusals, List<String> acknowledged) {
    }

    private static Flood flood(TestServer server) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ConcurrentHashMap<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        ConcurrentHashMap<String, AtomicLong> refusals = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicLong slowest = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(QUERY_CLIENTS + INGEST_CLIENTS);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < INGEST_CLIENTS; c++) {
                int id = c;
                clients.add(pool.submit(() -> {
                    for (int n = 0; flooding.get(); n++) {
                        String body = batch(id, n);
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.url(DS
                                        + "/events"))).timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", id + "-" + n)
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        count(statuses, refusals, wrong, r, 429);
                        if (r.statusCode() == 200) {
                            JsonNode answer = TestServer.JSON.readTree(r.body());
                            if (answer.get("accepted").asInt() != LINES) {
                                wrong.add("batch " + id + "-" + n + " answered " + r.body());
                            }
                            acknowledged.add(body);
                        }
                    }
                    return null;
                }));
            }
            for (int c = 0; c < QUERY_CLIENTS; c++) {
                int id = c;
                clients.add(pool.submit(() -> {
                    for (int n = 0; flooding.get(); n++) {
                        String question = QUESTIONS.get((id + n) % QUESTIONS.size());
                        long t = System.nanoTime();
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.url(question)))
                                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                        slowest.accumulateAndGet(System.nanoTime() - t, Math::max);
                        count(statuses, refusals, wrong, r, 503);
                    }
                    return null;
                }));
            }
            Thread.sleep(FLOOD_MILLIS);
            flooding.set(false);
            long stop = System.nanoTime();
            for (Future<?> f : clients) {
                f.get(60, TimeUnit.SECONDS);
            }
            System.out.println("clients stopped " + (System.nanoTime() - stop) / 1_000_000 + " ms after the flood; "
                    + "slowest query " + slowest.get() / 1_000_000 + " ms");
        } finally {
            pool.shutdownNow();
        }
        assertTrue(wrong.isEmpty(), () -> "answers other than 200, 429 for ingest, 503 for queries: " + wrong);
        Map<Integer, Long> counts = new TreeMap<>();
        statuses.forEach((k, v) -> counts.put(k, v.get()));
        Map<String, Long> why = new TreeMap<>();
        refusals.forEach((k, v) -> why.put(k, v.get()));
        return new Flood(counts, why, new ArrayList<>(acknowledged));
    }

    /** Counts an answer; anything but 200 or the expected refusal (with Retry-After, problem+json) is wrong. */
    private static void count(ConcurrentHashMap<Integer, AtomicLong> statuses,
                              ConcurrentHashMap<String, AtomicLong> refusals, ConcurrentLinkedQueue<String> wrong,
                              HttpResponse<String> r, int refusal) {
        int status = r.statusCode();
        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        if (status == 200) {
            return;
        }
        if (status != refusal) {
            wrong.add(r.request().method() + " " + r.uri() + " -> " + status + ": " + r.body());
            return;
        }
        if (!"1".equals(r.headers().firstValue("Retry-After").orElse(null))
                || !r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            wrong.add(status + " without Retry-After or problem+json: " + r.headers().map());
        }
        String detail = r.body().contains("ingest queue is full") ? "engine: writer's queue full"
                : r.body().contains("faster than the server takes it") ? "server: ingests at once"
                : r.body().contains("as many requests as it can") ? "server: queries at once" : r.body();
        refusals.computeIfAbsent(detail, d -> new AtomicLong()).incrementAndGet();
    }

    /** The answers to every question, as JSON trees. */
    private static List<JsonNode> answers(TestServer server) {
        List<JsonNode> answers = new ArrayList<>();
        for (String q : QUESTIONS) {
            TestServer.Answer a = server.get(q);
            assertEquals(200, a.status(), q + ": " + a.body());
            answers.add(a.json());
        }
        return answers;
    }

    /** The answers of a second, in-memory server fed exactly {@code batches}, one after the other. */
    private static List<JsonNode> expected(String create, List<String> batches) {
        try (TestServer reference = TestServer.plain()) {
            assertEquals(201, reference.post("/api/v1/datasets", "application/json", create).status());
            for (String body : batches) {
                TestServer.Answer a = reference.post(DS + "/events", "application/x-ndjson", body);
                assertEquals(200, a.status(), a.body());
            }
            return answers(reference);
        }
    }

    private static void assertSameAnswers(List<JsonNode> expected, List<JsonNode> actual) {
        for (int i = 0; i < QUESTIONS.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), QUESTIONS.get(i));
        }
    }

    @Test
    void aFloodFarPastCapacityGetsOnly200429Or503AndEveryAcknowledgedBatchIsThereExactlyOnce() throws Exception {
        Flood flood;
        List<String> acknowledged;
        try (TestServer server = new TestServer(options(dataDir, SMALL))) {
            assertEquals(201, server.post("/api/v1/datasets", "application/json", CREATE).status());
            flood = flood(server);
            acknowledged = new ArrayList<>(flood.acknowledged());

            // as soon as the flood stops: one client at a time is served normally
            for (String q : QUESTIONS) {
                assertEquals(200, server.get(q).status(), q);
            }
            for (int n = 0; n < 3; n++) {
                String body = batch(INGEST_CLIENTS, n);
                TestServer.Answer a = server.send(HttpRequest.newBuilder(URI.create(server.url(DS + "/events")))
                        .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", "after-" + n)
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
                assertEquals(200, a.status(), a.body());
                acknowledged.add(body);
            }
            System.out.println("overload flood (" + FLOOD_MILLIS + " ms, " + INGEST_CLIENTS + " ingest and "
                    + QUERY_CLIENTS + " query clients, capacity " + SMALL + "): statuses " + flood.statuses()
                    + ", refusals " + flood.refusals() + ", acknowledged batches " + flood.acknowledged().size());
            assertTrue(flood.statuses().getOrDefault(429, 0L) > 0, "the flood never met the ingest bound");
            assertTrue(flood.statuses().getOrDefault(503, 0L) > 0, "the flood never met the query bound");
            assertTrue(flood.acknowledged().size() > 0, "no batch got through the flood");

            JsonNode info = server.get(DS).json();
            assertEquals((long) acknowledged.size() * LINES, info.get("events").asLong(),
                    "the dataset holds exactly the acknowledged batches");
            List<JsonNode> expected = expected(CREATE, acknowledged);
            assertSameAnswers(expected, answers(server));

        }
        // durable: after a restart on the same directory the same batches are there, once
        try (TestServer restarted = new TestServer(options(dataDir, ServerOptions.Capacity.DEFAULT))) {
            assertSameAnswers(expected(CREATE, acknowledged), answers(restarted));
        }
    }

    @Test
    void theDataGenLoaderWaitsOutRefusalsAndEveryBatchArrivesOnce() throws Exception {
        ServerOptions.Capacity twoIngests = new ServerOptions.Capacity(32, 256, 4, 2, 1L << 20,
                new EngineConfig.IngestQueue(64, 80));
        int batches = 24;
        List<String> bodies = new ArrayList<>();
        for (int n = 0; n < batches; n++) {
            bodies.add(batch(99, n));
        }
        try (TestServer server = new TestServer(options(null, twoIngests))) {
            HttpLoader loader = new HttpLoader(new HttpLoader.Options(URI.create(server.server.url()), "shop", 0, 12,
                    LINES, 100, "load", null, Duration.ofSeconds(30)));
            assertTrue(loader.createDataset(java.time.ZoneId.of("Europe/Stockholm")));
            try (OutputStream out = loader.batchingStream()) {
                for (String body : bodies) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            LoadReport report = loader.finish();
            System.out.println("loader under overload: " + report.batches() + " batches, " + report.retries()
                    + " retries after 429/503, " + report.failedBatches() + " failed");
            assertEquals(0, report.failedBatches(), () -> "failures: " + report.errors());
            assertTrue(report.retries() > 0, "the loader never met a refusal: the test proves nothing");
            assertEquals((long) batches * LINES, report.accepted());
            assertEquals((long) batches * LINES, server.get(DS).json().get("events").asLong(),
                    "a retried batch is applied once");
            assertSameAnswers(expected("{\"name\":\"shop\",\"timezone\":\"Europe/Stockholm\"}", bodies),
                    answers(server));
        }
    }
}
