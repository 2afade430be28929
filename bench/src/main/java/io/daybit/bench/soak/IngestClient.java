package io.daybit.bench.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The soak's ingest, a process of its own: posts the {@link SoakStream}'s batches one after another
 * at a steady rate of events per second, each with its idempotency key, and retries a batch (same
 * key) until it is acknowledged — through 429s, 503s and the refused connections of a restart. One
 * batch in flight at a time, so the server applies the batches in stream order, the order the
 * verifier replays. Every acknowledged batch is appended to {@code acks.tsv} as
 * {@code n TAB key TAB answer}; minutes go to {@code ingest-minutes.jsonl}. It stops after the batch
 * in hand once the file {@code stop} appears in the work directory.
 *
 * <p>Arguments: {@code URL WORKDIR START_MILLIS EVENTS_PER_S SEED ACCOUNTS DAYS BATCH_LINES}.
 */
public final class IngestClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long GIVE_UP_MILLIS = 180_000;

    private IngestClient() {
    }

    public static void main(String[] args) throws Exception {
        URI events = URI.create(args[0] + "/api/v1/datasets/" + SoakStream.DATASET + "/events");
        Path work = Path.of(args[1]);
        long start = Long.parseLong(args[2]);
        double rate = Double.parseDouble(args[3]);
        SoakStream stream = new SoakStream(Long.parseLong(args[4]), Integer.parseInt(args[5]),
                Integer.parseInt(args[6]), Integer.parseInt(args[7]));
        MinuteStats minutes = new MinuteStats(start, work.resolve("ingest-minutes.jsonl"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Path acks = work.resolve("acks.tsv");
        Path stop = work.resolve("stop");
        long begin = System.nanoTime();
        long[] lines = {0};
        stream.batches((n, body) -> {
            if (Files.exists(stop)) {
                return false;
            }
            // steady pace: batch n is due when the events before it have had their time
            long due = begin + (long) (lines[0] * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int count = countLines(body);
            String answer = post(http, events, n, body, count, minutes);
            append(acks, n + "\t" + SoakStream.key(n) + "\t" + answer + "\n");
            lines[0] += count;
            minutes.flush(false);
            return true;
        });
        minutes.flush(true);
        Files.writeString(work.resolve("ingest-done"), Long.toString(lines[0]));
    }

    /** Posts batch {@code n} until it is acknowledged; returns the answer's body. */
    private static String post(HttpClient http, URI events, long n, String body, int lines, MinuteStats minutes) {
        HttpRequest request = HttpRequest.newBuilder(events).timeout(TIMEOUT)
                .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", SoakStream.key(n))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        long firstTry = System.currentTimeMillis();
        while (true) {
            long t0 = System.nanoTime();
            long pause;
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    minutes.answered(System.nanoTime() - t0, lines);
                    return r.body().replace('\n', ' ');
                }
                minutes.outcome(Integer.toString(r.statusCode()));
                if (r.statusCode() != 429 && r.statusCode() != 503) {
                    throw new IllegalStateException("batch " + n + " refused with " + r.statusCode() + ": " + r.body());
                }
                pause = 1000L * r.headers().firstValueAsLong("Retry-After").orElse(1);
            } catch (IOException e) {
                minutes.outcome("no_answer");
                pause = 200;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (System.currentTimeMillis() - firstTry > GIVE_UP_MILLIS) {
                throw new IllegalStateException("batch " + n + " not acknowledged after " + GIVE_UP_MILLIS + " ms");
            }
            LockSupport.parkNanos(pause * 1_000_000);
        }
    }

    private static int countLines(String body) {
        int lines = 0;
        for (int i = 0; i < body.length(); i++) {
            if (body.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private static void append(Path file, String line) {
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
