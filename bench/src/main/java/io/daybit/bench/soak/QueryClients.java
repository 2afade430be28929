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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The soak's dashboard readers, a process of its own: {@code CLIENTS} threads, each asking a
 * {@link QueryCatalog#any} request with fresh parameters, waiting for the answer, pausing
 * {@code THINK_MS}, and again, until the file {@code stop} appears. Minutes go to
 * {@code query-minutes.jsonl}; a status other than 200 (or 503 and no answer, which a restart
 * explains) is written with its request and body to {@code query-errors.txt}.
 *
 * <p>Arguments: {@code URL WORKDIR START_MILLIS CLIENTS THINK_MS SEED FIRST_DAY LAST_DAY}.
 */
public final class QueryClients {
    private static final int MAX_LOGGED = 50;

    private QueryClients() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Path work = Path.of(args[1]);
        long start = Long.parseLong(args[2]);
        int clients = Integer.parseInt(args[3]);
        long thinkMillis = Long.parseLong(args[4]);
        long seed = Long.parseLong(args[5]);
        QueryCatalog catalog = new QueryCatalog(LocalDate.parse(args[6]), LocalDate.parse(args[7]));
        MinuteStats minutes = new MinuteStats(start, work.resolve("query-minutes.jsonl"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Path stop = work.resolve("stop");
        Path errors = work.resolve("query-errors.txt");
        AtomicInteger logged = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Random random = new Random(seed * 31 + c);
            Thread t = new Thread(() -> {
                while (!Files.exists(stop)) {
                    ask(http, base, catalog.any(random), minutes, errors, logged);
                    LockSupport.parkNanos(thinkMillis * 1_000_000);
                }
            }, "soak-client-" + c);
            t.start();
            threads.add(t);
        }
        while (threads.stream().anyMatch(Thread::isAlive)) {
            minutes.flush(false);
            Thread.sleep(1000);
        }
        minutes.flush(true);
        Files.writeString(work.resolve("queries-done"), "done");
    }

    private static void ask(HttpClient http, String base, QueryCatalog.Request q, MinuteStats minutes, Path errors,
                            AtomicInteger logged) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + q.path())).timeout(Duration.ofSeconds(60))
                .GET().build();
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                minutes.answered(System.nanoTime() - t0, 1);
                return;
            }
            minutes.outcome(Integer.toString(r.statusCode()));
            if (r.statusCode() != 503 && logged.incrementAndGet() <= MAX_LOGGED) {
                log(errors, r.statusCode() + " " + q.path() + " " + r.body());
            }
        } catch (IOException e) {
            minutes.outcome("no_answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static synchronized void log(Path errors, String line) {
        try {
            Files.writeString(errors, line.replace('\n', ' ') + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
