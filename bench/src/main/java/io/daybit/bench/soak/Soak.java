package io.daybit.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a soak: starts the packaged server with a data directory, creates the dataset, starts the
 * ingest client and the query clients in their own processes, probes the server every few seconds,
 * kills it with {@code kill -9} halfway and starts it again on the same port and directory, stops
 * the clients at the end, then verifies (see {@link Verifier}) and judges growth (see
 * {@link GrowthCheck}). Every way it can go wrong ends up in {@link Result#failures}.
 */
public final class Soak {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long READY_TIMEOUT_MILLIS = 300_000;

    private Soak() {
    }

    /** What a run gave: the report (JSON and markdown) and every failure, empty when it passed. */
    public record Result(JsonNode json, String markdown, List<String> failures) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    /** The restart in the middle: when the kill happened, when the new server listened and answered. */
    record Restart(long killedAt, long listeningAt, long readyAt) {
    }

    public static Result run(SoakSettings s) throws Exception {
        List<Process> started = new ArrayList<>();
        try {
            return run(s, started);
        } finally {
            // whatever went wrong, no server or client outlives the run
            for (Process p : started) {
                if (p.isAlive()) {
                    p.destroyForcibly().waitFor();
                }
            }
        }
    }

    private static Result run(SoakSettings s, List<Process> started) throws Exception {
        Path work = Files.createDirectories(s.workDir());
        if (Files.isDirectory(s.dataDir())) {
            try (Stream<Path> in = Files.list(s.dataDir())) {
                if (in.findAny().isPresent()) {
                    throw new IllegalArgumentException("the data directory " + s.dataDir() + " is not empty");
                }
            }
        }
        List<String> failures = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        List<Path> gcLogs = new ArrayList<>();
        DataDirWatch watch = new DataDirWatch(s.dataDir());
        Http http = new Http();
        String machineLoadBefore = loadAverage();

        ServerProcess server = ServerProcess.start(s, work, 1, 0);
        started.add(server.process());
        gcLogs.add(server.gcLog());
        String url = server.url();
        Http.Answer created = http.post(url + "/api/v1/datasets", "application/json", null, s.stream().createBody());
        if (created.status() != 201) {
            server.kill();
            throw new IllegalStateException("the dataset was not created: " + created);
        }
        long start = System.currentTimeMillis();
        long restartAt = start + s.millis() / 2;
        // the time the server is down does not count: the second half runs from when it answers again
        long end = start + s.millis();
        SoakStream stream = s.stream();
        Process ingest = child(work, "ingest", IngestClient.class, "-Xmx256m", url, work.toString(),
                Long.toString(start), Double.toString(s.rate()), Long.toString(stream.seed()),
                Integer.toString(stream.accounts()), Integer.toString(stream.days()),
                Integer.toString(stream.batchLines()));
        started.add(ingest);
        Process queries = child(work, "queries", QueryClients.class, "-Xmx256m", url, work.toString(),
                Long.toString(start), Integer.toString(s.clients()), Long.toString(s.thinkMillis()),
                Long.toString(s.seed()), stream.firstDay().toString(), stream.lastDay().toString());
        started.add(queries);
        Restart restart = null;
        int life = 1;
        long next = start;
        while (System.currentTimeMillis() < end) {
            samples.add(sample(server, life, http, url, watch));
            if (restart == null && System.currentTimeMillis() >= restartAt) {
                long killed = System.currentTimeMillis();
                server.kill();
                life++;
                server = ServerProcess.start(s, work, life, server.port());
                started.add(server.process());
                gcLogs.add(server.gcLog());
                long listening = System.currentTimeMillis();
                long ready = awaitReady(http, url);
                restart = new Restart(killed, listening, ready);
                end = ready + (start + s.millis() - killed);
                if (ready < 0) {
                    failures.add("after the restart the dataset did not answer within " + READY_TIMEOUT_MILLIS
                            + " ms");
                    break;
                }
            }
            if (!ingest.isAlive() || !queries.isAlive()) {
                failures.add((ingest.isAlive() ? "the query clients" : "the ingest client") + " ended early: "
                        + tail(work.resolve(ingest.isAlive() ? "queries.out" : "ingest.out")));
                break;
            }
            if (!server.alive()) {
                failures.add("the server died: " + tail(work.resolve("server-" + life + ".log")));
                break;
            }
            next += s.sampleSeconds() * 1000L;
            long wait = next - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
        }
        Files.writeString(work.resolve("stop"), "stop");
        awaitChild(ingest, "the ingest client", work.resolve("ingest.out"), failures);
        awaitChild(queries, "the query clients", work.resolve("queries.out"), failures);
        long stopped = System.currentTimeMillis();
        samples.add(sample(server, life, http, url, watch));

        Verifier.Outcome verified = null;
        if (server.alive()) {
            Path acks = work.resolve("acks.tsv");
            List<String> ackLines = Files.exists(acks) ? Files.readAllLines(acks) : List.of();
            verified = Verifier.verify(s, url, ackLines);
            failures.addAll(verified.failures());
            if (verified.batches() == 0) {
                failures.add("no batch was acknowledged");
            }
        } else {
            failures.add("the server was not running at the end, nothing verified");
        }
        server.stop();

        List<GcLog.Collection> gcs = new ArrayList<>();
        for (Path log : gcLogs) {
            gcs.addAll(GcLog.read(log));
        }
        List<MinuteRow> minutes = MinuteRow.rows(start, stopped, samples, gcs,
                read(work.resolve("query-minutes.jsonl")), read(work.resolve("ingest-minutes.jsonl")));
        List<GrowthCheck> growth = restart == null ? GrowthCheck.check(start, stopped, 0, 0, samples, gcs)
                : GrowthCheck.check(start, stopped, restart.killedAt(), restart.readyAt(), samples, gcs);
        for (GrowthCheck g : growth) {
            if (!g.ok()) {
                failures.add(g.what() + " grew: " + g.last() + " in the last third, at most " + g.allowed()
                        + " allowed (first third " + g.first() + "; rule: " + GrowthCheck.rule() + ")");
            }
        }
        if (restart == null) {
            failures.add("the run ended before the restart");
        }
        if (watch.snapshotsWritten() < 2) {
            failures.add("only " + watch.snapshotsWritten() + " snapshot(s) seen: lower --snapshot-every");
        }
        if (watch.segmentsCreated() < 3) {
            failures.add("only " + watch.segmentsCreated() + " log segment(s) seen: lower the segment size");
        }
        long queryErrors = minutes.stream().mapToLong(MinuteRow::queryErrors).sum();
        if (queryErrors > 0) {
            failures.add(queryErrors + " query answer(s) neither 200 nor 503: " + tail(work.resolve("query-errors.txt")));
        }
        SoakReport report = new SoakReport(s, start, stopped, minutes, growth, restart, verified, watch,
                machineLoadBefore, loadAverage(), failures);
        Result result = new Result(report.json(), report.markdown(), List.copyOf(failures));
        if (s.resultsDir() != null) {
            Files.createDirectories(s.resultsDir());
            JSON.writerWithDefaultPrettyPrinter().writeValue(s.resultsDir().resolve("soak.json").toFile(), result.json());
            Files.writeString(s.resultsDir().resolve("soak.md"), result.markdown());
        }
        return result;
    }

    private static Sample sample(ServerProcess server, int life, Http http, String url, DataDirWatch watch) {
        long now = System.currentTimeMillis();
        ProcessProbe.Reading r = server.alive() ? ProcessProbe.read(server.pid())
                : new ProcessProbe.Reading(null, null, null);
        Http.Answer metrics = http.tryGet(url + "/metrics");
        Double store = null;
        Double events = null;
        if (metrics != null && metrics.status() == 200) {
            store = MetricsScrape.gauge(metrics.body(), "daybit_dataset_bytes");
            events = MetricsScrape.gauge(metrics.body(), "daybit_dataset_events");
        }
        int[] files = watch.look();
        return new Sample(now, life, r.fds(), r.threads(), r.rssBytes(), store, events, files[0], files[1]);
    }

    /** Waits until the dataset answers 200; returns when, or -1 after the timeout. */
    private static long awaitReady(Http http, String url) throws InterruptedException {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            Http.Answer a = http.tryGet(url + "/api/v1/datasets/" + SoakStream.DATASET);
            if (a != null && a.status() == 200) {
                return System.currentTimeMillis();
            }
            Thread.sleep(50);
        }
        return -1;
    }

    private static Process child(Path work, String name, Class<?> main, String heap, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Java.binary(), heap, "-cp", System.getProperty("java.class.path"),
                main.getName()));
        cmd.addAll(List.of(args));
        Path out = work.resolve(name + ".out");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    private static void awaitChild(Process p, String what, Path out, List<String> failures) throws Exception {
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            failures.add(what + " did not stop within 3 minutes");
        } else if (p.exitValue() != 0) {
            failures.add(what + " exited with " + p.exitValue() + ": " + tail(out));
        }
    }

    private static List<JsonNode> read(Path jsonl) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(jsonl)) {
            for (String line : Files.readAllLines(jsonl)) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        return out;
    }

    static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "(no " + file.getFileName() + ")";
            }
            String s = Files.readString(file);
            return s.length() <= 2000 ? s : "…" + s.substring(s.length() - 2000);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
