package io.daybit.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code soak.json} and {@code soak.md}: the settings, the machine, per minute the server's heap
 * after GC, resident memory, open files, threads, the dataset's size, and the clients' latencies;
 * the restart, the growth checks, the verification and the verdict.
 */
final class SoakReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double MIB = 1 << 20;

    private final SoakSettings s;
    private final long start;
    private final long stopped;
    private final List<MinuteRow> minutes;
    private final List<GrowthCheck> growth;
    private final Soak.Restart restart;
    private final Verifier.Outcome verified;
    private final DataDirWatch watch;
    private final String loadBefore;
    private final String loadAfter;
    private final List<String> failures;

    SoakReport(SoakSettings s, long start, long stopped, List<MinuteRow> minutes, List<GrowthCheck> growth,
               Soak.Restart restart, Verifier.Outcome verified, DataDirWatch watch, String loadBefore,
               String loadAfter, List<String> failures) {
        this.s = s;
        this.start = start;
        this.stopped = stopped;
        this.minutes = minutes;
        this.growth = growth;
        this.restart = restart;
        this.verified = verified;
        this.watch = watch;
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
        this.failures = failures;
    }

    JsonNode json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("passed", failures.isEmpty());
        root.put("date", Instant.ofEpochMilli(start).toString());
        root.put("minutes", s.minutes());
        root.put("machine", Runtime.getRuntime().availableProcessors() + " cores; load average " + loadBefore
                + " at the start, " + loadAfter + " at the end");
        ObjectNode load = root.putObject("load");
        load.put("ingest_events_per_s", s.rate());
        load.put("batch_lines", s.batchLines());
        load.put("query_clients", s.clients());
        load.put("think_ms", s.thinkMillis());
        load.put("server_heap", s.serverHeap());
        load.put("segment_size", s.segmentSize());
        load.put("snapshot_every", s.snapshotEvery());
        ArrayNode rows = root.putArray("per_minute");
        for (MinuteRow m : minutes) {
            ObjectNode r = rows.addObject();
            r.put("minute", m.minute());
            r.put("server_lives", m.lives());
            putMib(r, "heap_after_gc_min_mb", m.heapAfterGcMin());
            putMib(r, "heap_after_gc_max_mb", m.heapAfterGcMax());
            r.put("gcs", m.collections());
            putMib(r, "rss_max_mb", m.rssMax());
            r.put("fds_max", m.fdsMax());
            r.put("threads_max", m.threadsMax());
            r.put("events", m.events() == null ? null : m.events().longValue());
            putMib(r, "store_estimate_mb", m.storeBytes() == null ? null : m.storeBytes().longValue());
            r.put("log_segments", m.segments());
            r.put("snapshots", m.snapshots());
            client(r.putObject("queries"), m.queries());
            client(r.putObject("ingest"), m.ingest());
        }
        if (restart != null) {
            ObjectNode r = root.putObject("restart");
            r.put("kind", "kill -9");
            r.put("at_s", (restart.killedAt() - start) / 1000.0);
            r.put("listening_after_ms", restart.listeningAt() - restart.killedAt());
            r.put("dataset_ready_after_ms", restart.readyAt() < 0 ? -1 : restart.readyAt() - restart.killedAt());
        }
        ObjectNode files = root.putObject("files");
        files.put("log_segments_created", watch.segmentsCreated());
        files.put("snapshots_written", watch.snapshotsWritten());
        ObjectNode g = root.putObject("growth");
        g.put("rule", GrowthCheck.rule());
        for (GrowthCheck c : growth) {
            ObjectNode n = g.putObject(c.what());
            n.put("first_third", c.first());
            n.put("last_third", c.last());
            n.put("allowed", c.allowed());
            n.put("ok", c.ok());
        }
        ObjectNode v = root.putObject("verification");
        if (verified != null) {
            v.put("acknowledged_batches", verified.batches());
            v.put("accepted_events", verified.acceptedEvents());
            v.put("server_events", verified.serverEvents());
            v.put("reference_events", verified.referenceEvents());
            ObjectNode q = v.putObject("queries_compared");
            verified.comparedByRoute().forEach(q::put);
        }
        ArrayNode f = root.putArray("failures");
        failures.forEach(f::add);
        return root;
    }

    private static void client(ObjectNode out, JsonNode minute) {
        if (minute == null) {
            out.put("answered", 0);
            return;
        }
        out.put("answered", minute.get("answered").asLong());
        out.put("units", minute.get("units").asLong());
        out.put("p50_ms", minute.get("p50_ms").asDouble());
        out.put("p99_ms", minute.get("p99_ms").asDouble());
        out.put("max_ms", minute.get("max_ms").asDouble());
        out.put("unavailable", MinuteRow.unavailable(minute));
        out.set("outcomes", minute.get("outcomes"));
    }

    private static void putMib(ObjectNode n, String field, Long bytes) {
        if (bytes == null) {
            n.putNull(field);
        } else {
            n.put(field, Math.round(bytes / MIB * 10) / 10.0);
        }
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Soak run\n\n");
        md.append(failures.isEmpty() ? "**Passed.** " : "**FAILED.** ");
        md.append(String.format(Locale.ROOT, "%s minutes from %s, %s; load average %s at the start, %s at the end "
                        + "(the machine is shared).%n%n", fmt(s.minutes()), Instant.ofEpochMilli(start),
                Runtime.getRuntime().availableProcessors() + " cores", loadBefore, loadAfter));
        md.append(String.format(Locale.ROOT, "Load: ingest %s events/s in batches of %d lines (one in flight, an "
                        + "idempotency key each), %d query clients with %d ms between an answer and the next request "
                        + "(every GET route, fresh parameters each); server `-Xmx%s --segment-size %s "
                        + "--snapshot-every %s`.%n%n", fmt(s.rate()), s.batchLines(), s.clients(), s.thinkMillis(),
                s.serverHeap(), s.segmentSize(), s.snapshotEvery()));
        if (restart != null) {
            md.append(String.format(Locale.ROOT, "Restart: `kill -9` at %.0f s; listening again after %d ms, the "
                            + "dataset answering after %d ms.%n%n", (restart.killedAt() - start) / 1000.0,
                    restart.listeningAt() - restart.killedAt(), restart.readyAt() - restart.killedAt()));
        }
        md.append(String.format(Locale.ROOT, "Files: %d log segments created, %d snapshots written over the run.%n%n",
                watch.segmentsCreated(), watch.snapshotsWritten()));
        if (verified != null) {
            md.append(String.format(Locale.ROOT, "Verification: %,d batches acknowledged, %,d events accepted; the "
                            + "server holds %,d, the in-memory reference fed the same batches %,d; %d queries "
                            + "compared over %d routes.%n%n", verified.batches(), verified.acceptedEvents(),
                    verified.serverEvents(), verified.referenceEvents(),
                    verified.comparedByRoute().values().stream().mapToInt(Integer::intValue).sum(),
                    verified.comparedByRoute().size()));
        }
        md.append("Growth rule: ").append(GrowthCheck.rule()).append(".\n\n");
        md.append("| check | first third | last third | allowed | |\n|---|--:|--:|--:|---|\n");
        for (GrowthCheck c : growth) {
            boolean heap = c.what().startsWith("heap");
            md.append("| ").append(c.what()).append(" | ").append(heap ? mib(c.first()) : fmt(c.first()))
                    .append(" | ").append(heap ? mib(c.last()) : fmt(c.last())).append(" | ")
                    .append(heap ? mib(c.allowed()) : fmt(c.allowed())).append(" | ").append(c.ok() ? "ok" : "**grew**")
                    .append(" |\n");
        }
        md.append("\n| min | server | heap after GC MiB (min–max) | RSS MiB | fds | threads | events | store MiB "
                + "| segments | snapshots | queries | q p50 ms | q p99 ms | q max ms | batches | ingested events/s "
                + "| ingest p50 ms | ingest p99 ms | ingest max ms | unavailable |\n");
        md.append("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (MinuteRow m : minutes) {
            JsonNode q = m.queries();
            JsonNode in = m.ingest();
            md.append(String.format(Locale.ROOT, "| %d | %s | %s–%s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s "
                            + "| %s | %s | %s | %s | %s | %s | %s |%n", m.minute(), m.lives(),
                    mib(m.heapAfterGcMin()), mib(m.heapAfterGcMax()), mib(m.rssMax()), m.fdsMax(), m.threadsMax(),
                    m.events() == null ? "" : String.format(Locale.ROOT, "%,d", m.events().longValue()),
                    m.storeBytes() == null ? "" : mib(m.storeBytes()), m.segments(), m.snapshots(),
                    q == null ? "0" : q.get("answered").asText(), ms(q, "p50_ms"), ms(q, "p99_ms"), ms(q, "max_ms"),
                    in == null ? "0" : in.get("answered").asText(),
                    in == null ? "0" : String.format(Locale.ROOT, "%,.0f", in.get("units").asDouble() / 60),
                    ms(in, "p50_ms"), ms(in, "p99_ms"),
                    ms(in, "max_ms"), MinuteRow.unavailable(q) + MinuteRow.unavailable(in)));
        }
        md.append("\nUnavailable: requests that got a 503, a 429 or no answer (the restart); the clients retry. "
                + "Latencies are of answered requests, measured by the clients (HTTP, 127.0.0.1).\n");
        if (!failures.isEmpty()) {
            md.append("\n## Failures\n\n");
            failures.forEach(f -> md.append("- ").append(f).append('\n'));
        }
        return md.toString();
    }

    private static String ms(JsonNode minute, String field) {
        return minute == null ? "" : String.format(Locale.ROOT, "%.1f", minute.get(field).asDouble());
    }

    private static String mib(Number bytes) {
        return bytes == null || Double.isNaN(bytes.doubleValue()) ? "–"
                : String.format(Locale.ROOT, "%.0f", bytes.doubleValue() / MIB);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
