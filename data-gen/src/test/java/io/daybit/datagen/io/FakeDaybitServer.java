package io.daybit.datagen.io;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.codec.Rejection;
import io.daybit.engine.ingest.IngestResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small real HTTP server on 127.0.0.1 over a real in-memory engine, answering the routes the
 * loader uses as API.md describes (the engine decides what is accepted and keeps the idempotency
 * keys); it can be told to answer some attempts with an error, to be slow, and it records arrivals
 * and concurrency. It stands in for the server module, which is written in parallel.
 */
public final class FakeDaybitServer implements AutoCloseable {
    final Engine engine = Engine.inMemory();
    final Dataset dataset = engine.createDataset("load", DatasetSettings.defaults());
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    final List<Long> arrivals = new ArrayList<>();
    final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    final List<String> datasetsCreated = new ArrayList<>();
    volatile long delayMillis;
    /** Status to answer for the n-th attempt (1-based) of a key, or 0 to handle it normally. */
    volatile java.util.function.BiFunction<String, Integer, Integer> failure = (key, attempt) -> 0;
    volatile Function<String, Integer> createStatus = name -> 201;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(32);

    /** Starts the server on a free port of 127.0.0.1. */
    public FakeDaybitServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/api/v1/datasets", this::handle);
        server.start();
    }

    /** The base URL. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        try (exchange) {
            if (path.equals("/api/v1/datasets")) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                synchronized (datasetsCreated) {
                    datasetsCreated.add(body);
                }
                respond(exchange, createStatus.apply(body), "{}");
                return;
            }
            if (!path.matches("/api/v1/datasets/[a-z0-9_-]+/events")) {
                respond(exchange, 404, "{\"title\":\"no route\"}");
                return;
            }
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                events(exchange);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private void events(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        int attempt = attempts.merge(key == null ? "" : key, 1, Integer::sum);
        int status = failure.apply(key, attempt);
        if (status == -1) {
            return; // close without an answer: the client sees an I/O error
        }
        if (status != 0) {
            exchange.getResponseHeaders().add("Retry-After", "0");
            respond(exchange, status, "{\"title\":\"busy\"}");
            return;
        }
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        IngestResult result = dataset.ingestNdjson(body, key);
        StringBuilder answer = new StringBuilder("{\"accepted\":").append(result.accepted()).append(",\"rejected\":[");
        for (int i = 0; i < result.rejected().size(); i++) {
            Rejection r = result.rejected().get(i);
            answer.append(i == 0 ? "" : ",").append("{\"line\":").append(r.line()).append(",\"error\":\"")
                    .append(r.error().replace("\\", "\\\\").replace("\"", "\\\"")).append("\"}");
        }
        answer.append("]}");
        synchronized (arrivals) {
            arrivals.add(System.nanoTime());
        }
        respond(exchange, 200, answer.toString());
    }

    /** Events the engine holds. */
    public long applied() {
        return dataset.info().events();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        engine.close();
    }
}
