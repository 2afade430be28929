package io.daybit.datagen.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.daybit.engine.Engine;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts NDJSON batches to a running Daybit server ({@code POST /api/v1/datasets/{ds}/events}) at a
 * steady rate of events per second with a bounded number of requests in flight. A batch that
 * meets 429, 503 or an I/O error is retried after the server's {@code Retry-After} (or a growing
 * back-off) with the same {@code Idempotency-Key}, so that the server applies it at most once.
 *
 * <p>{@link #send} is called from one producer thread and blocks while the rate or the
 * concurrency bound holds it back, which paces the producer; answers are handled on the HTTP
 * client's threads. {@link #finish} waits for the last answer and reports.
 */
public final class HttpLoader {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_ERRORS = 10;
    private static final long MAX_RETRY_AFTER_MILLIS = 30_000;

    /**
     * How to load.
     *
     * @param server      the server's base URL, e.g. {@code http://127.0.0.1:7070}
     * @param dataset     the dataset to post to
     * @param rate        events per second, 0 for as fast as the server answers
     * @param concurrency requests in flight at most, 1–1024
     * @param batchLines  lines per batch, 1–1,000,000
     * @param retries     attempts after the first for a retryable failure, 0–100
     * @param keyPrefix   the idempotency keys are {@code prefix-<batch number>}
     * @param token       a bearer token, or null
     * @param timeout     how long one exchange may take
     */
    public record Options(URI server, String dataset, double rate, int concurrency, int batchLines, int retries,
                          String keyPrefix, String token, Duration timeout) {
        public Options {
            Objects.requireNonNull(server, "server");
            if (!"http".equals(server.getScheme()) && !"https".equals(server.getScheme())) {
                throw new IllegalArgumentException("the target must be an http:// or https:// URL, got " + server);
            }
            if (dataset == null || !Engine.DATASET_NAME.matcher(dataset).matches()) {
                throw new IllegalArgumentException("dataset name '" + dataset + "' must match " + Engine.DATASET_NAME);
            }
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("rate must be 0 (unlimited) or positive events/s, got " + rate);
            }
            if (concurrency < 1 || concurrency > 1024) {
                throw new IllegalArgumentException("concurrency must be 1-1024, got " + concurrency);
            }
            if (batchLines < 1 || batchLines > 1_000_000) {
                throw new IllegalArgumentException("batch size must be 1-1,000,000 lines, got " + batchLines);
            }
            if (retries < 0 || retries > 100) {
                throw new IllegalArgumentException("retries must be 0-100, got " + retries);
            }
            Objects.requireNonNull(keyPrefix, "keyPrefix");
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    private final Options options;
    private final String base;
    private final URI eventsUri;
    private final HttpClient client;
    private final RateLimiter limiter;
    private final Semaphore slots;
    private final ScheduledExecutorService timer;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    private final AtomicLong failedLines = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final List<String> failures = new ArrayList<>();
    private final List<String> rejections = new ArrayList<>();
    private long[] latencies = new long[1024];
    private int latencyCount;
    private volatile String fatal;
    private long firstSend;
    private long batchNumber;

    /** A loader; nothing is sent before {@link #send} or {@link #createDataset}. */
    public HttpLoader(Options options) {
        this.options = options;
        String url = options.server().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.eventsUri = URI.create(base + "/api/v1/datasets/" + options.dataset() + "/events");
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.limiter = new RateLimiter(options.rate());
        this.slots = new Semaphore(options.concurrency());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "daybit-loader-retry");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Creates the dataset with the stream's timezone; a dataset that exists already is fine.
     *
     * @return true when it was created, false when it existed
     * @throws IOException when the server refuses or cannot be reached
     */
    public boolean createDataset(ZoneId zone) throws IOException, InterruptedException {
        String body = "{\"name\":\"" + options.dataset() + "\",\"timezone\":\"" + zone.getId() + "\"}";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/datasets"))
                .timeout(options.timeout()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        authorize(request);
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 201 || response.statusCode() == 200) {
            return true;
        }
        if (response.statusCode() == 409) {
            return false;
        }
        throw new IOException("creating dataset '" + options.dataset() + "' answered " + response.statusCode() + ": "
                + abbreviate(response.body()));
    }

    /**
     * Posts one batch once the rate and the concurrency bound allow, without waiting for the answer.
     *
     * @throws IllegalStateException when an earlier answer showed that going on is pointless
     *                               (401, 403, 404, 413)
     */
    public void send(byte[] body, int lines) throws InterruptedException {
        String stop = fatal;
        if (stop != null) {
            throw new IllegalStateException(stop);
        }
        limiter.acquire(lines);
        slots.acquire();
        if (firstSend == 0) {
            firstSend = System.nanoTime();
        }
        batches.incrementAndGet();
        sent.addAndGet(lines);
        Batch batch = new Batch(body, lines, options.keyPrefix() + "-" + (++batchNumber));
        attempt(batch, 0);
    }

    /** An output stream that cuts the NDJSON written to it into batches and {@link #send}s them. */
    public OutputStream batchingStream() {
        return new Batcher();
    }

    /** Waits for every answer, then reports. */
    public LoadReport finish() throws InterruptedException {
        slots.acquire(options.concurrency());
        slots.release(options.concurrency());
        long elapsed = firstSend == 0 ? 0 : System.nanoTime() - firstSend;
        timer.shutdownNow();
        long[] sorted;
        synchronized (this) {
            sorted = Arrays.copyOf(latencies, latencyCount);
        }
        Arrays.sort(sorted);
        List<String> errors = new ArrayList<>();
        synchronized (failures) {
            errors.addAll(failures);
            errors.addAll(rejections);
        }
        return new LoadReport(batches.get(), sent.get(), accepted.get(), rejected.get(), failedBatches.get(),
                failedLines.get(), retries.get(), Duration.ofNanos(elapsed), percentile(sorted, 50),
                percentile(sorted, 90), percentile(sorted, 99), percentile(sorted, 100), errors);
    }

    /** The reason the loader stopped accepting batches, if it did. */
    public Optional<String> fatalError() {
        return Optional.ofNullable(fatal);
    }

    private void attempt(Batch batch, int attempt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(eventsUri).timeout(options.timeout())
                .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", batch.key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body));
        authorize(request);
        long start = System.nanoTime();
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
            recordLatency(System.nanoTime() - start);
            try {
                if (error != null) {
                    retryOrFail(batch, attempt, -1, "I/O error: " + error.getMessage());
                } else if (response.statusCode() == 429 || response.statusCode() == 503) {
                    retryOrFail(batch, attempt, retryAfterMillis(response), "status " + response.statusCode());
                } else if (response.statusCode() == 200) {
                    answered(batch, response.body());
                    slots.release();
                } else {
                    failed(batch, response);
                    slots.release();
                }
            } catch (RuntimeException e) {
                fail(batch, "unreadable answer: " + e);
                slots.release();
            }
        });
    }

    private void retryOrFail(Batch batch, int attempt, long retryAfterMillis, String why) {
        if (attempt >= options.retries()) {
            fail(batch, why + " after " + (attempt + 1) + " attempts");
            slots.release();
            return;
        }
        retries.incrementAndGet();
        long delay = retryAfterMillis >= 0 ? retryAfterMillis
                : Math.min(5000, 100L << Math.min(attempt, 6)) + ThreadLocalRandom.current().nextLong(50);
        timer.schedule(() -> attempt(batch, attempt + 1), delay, TimeUnit.MILLISECONDS);
    }

    private static long retryAfterMillis(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isPresent()) {
            try {
                return Math.min(MAX_RETRY_AFTER_MILLIS, Math.max(0, Long.parseLong(header.get().trim()) * 1000));
            } catch (NumberFormatException e) {
                return -1; // an HTTP date: fall back to the back-off
            }
        }
        return -1;
    }

    private void answered(Batch batch, byte[] body) {
        long ok = -1;
        long bad = 0;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("the answer is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("accepted".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                    ok = p.getLongValue();
                } else if ("rejected".equals(name) && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        bad++;
                        String line = null;
                        String error = null;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String field = p.currentName();
                            p.nextToken();
                            if ("line".equals(field)) {
                                line = p.getText();
                            } else if ("error".equals(field)) {
                                error = p.getText();
                            } else {
                                p.skipChildren();
                            }
                        }
                        note(rejections, "batch " + batch.key + " line " + line + ": " + error);
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("malformed JSON answer: " + e.getMessage(), e);
        }
        if (ok < 0) {
            throw new IllegalStateException("the answer has no 'accepted' count: " + abbreviate(new String(body,
                    StandardCharsets.UTF_8)));
        }
        accepted.addAndGet(ok);
        rejected.addAndGet(bad);
    }

    private void failed(Batch batch, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String detail = abbreviate(new String(response.body(), StandardCharsets.UTF_8));
        fail(batch, "status " + status + ": " + detail);
        if (status == 401 || status == 403 || status == 404 || status == 413) {
            fatal = "the server answered " + status + (status == 413 ? " (lower --batch-size)" : "") + ": " + detail;
        }
    }

    private void fail(Batch batch, String why) {
        failedBatches.incrementAndGet();
        failedLines.addAndGet(batch.lines);
        note(failures, "batch " + batch.key + " failed: " + why);
    }

    private void note(List<String> list, String error) {
        synchronized (failures) {
            if (list.size() < MAX_ERRORS) {
                list.add(error);
            }
        }
    }

    private synchronized void recordLatency(long nanos) {
        if (latencyCount == latencies.length) {
            latencies = Arrays.copyOf(latencies, latencyCount * 2);
        }
        latencies[latencyCount++] = nanos;
    }

    private void authorize(HttpRequest.Builder request) {
        if (options.token() != null) {
            request.header("Authorization", "Bearer " + options.token());
        }
    }

    /** Nearest-rank percentile of sorted nanoseconds. */
    static Duration percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Duration.ZERO;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return Duration.ofNanos(sorted[Math.max(0, rank - 1)]);
    }

    private static String abbreviate(String s) {
        String flat = s.replace('\n', ' ');
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }

    /** One batch with its idempotency key, kept for its retries. */
    private record Batch(byte[] body, int lines, String key) {
    }

    /** Cuts an NDJSON byte stream into batches of whole lines. */
    private final class Batcher extends OutputStream {
        private byte[] buffer = new byte[1 << 16];
        private int size;
        private int lines;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int end = off + len;
            int from = off;
            for (int i = off; i < end; i++) {
                if (b[i] == '\n') {
                    append(b, from, i + 1 - from);
                    from = i + 1;
                    if (++lines == options.batchLines()) {
                        emit();
                    }
                }
            }
            append(b, from, end - from);
        }

        private void append(byte[] b, int off, int len) {
            if (size + len > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + len));
            }
            System.arraycopy(b, off, buffer, size, len);
            size += len;
        }

        private void emit() throws IOException {
            if (size == 0) {
                return;
            }
            byte[] body = Arrays.copyOf(buffer, size);
            int count = lines + (buffer[size - 1] == '\n' ? 0 : 1);
            size = 0;
            lines = 0;
            try {
                send(body, count);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while sending", e);
            }
        }

        /** Sends what is left as the last batch. */
        @Override
        public void close() throws IOException {
            emit();
        }
    }
}
