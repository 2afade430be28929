package io.daybit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.daybit.bench.http.HttpLoad;
import io.daybit.bench.state.BenchData;
import io.daybit.bench.state.Profile;
import org.openjdk.jmh.util.Statistics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run measured, written as {@code latest.json} (the schema of issue 9, plus details) and
 * as a markdown table ({@code latest.md}, and between the markers of the bench README).
 *
 * <p>{@code ratio} is DuckDB's median / Daybit's median; {@code store_bytes} is the heap the
 * loaded store holds (used heap after full GCs, minus the same before loading).
 */
public final class Report {
    static final String BEGIN = "<!-- bench:results:begin -->";
    static final String END = "<!-- bench:results:end -->";

    private final Map<String, Object> root = new LinkedHashMap<>();
    private final List<Map<String, Object>> results = new ArrayList<>();
    private final List<Map<String, Object>> http = new ArrayList<>();
    private final Map<String, Object> ingest = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Object> machine;

    Report(Profile profile, Instant date) {
        machine = BenchMain.machine();
        machine.put("load_average_at_start", loadAverage());
        root.put("profile", profile.name());
        root.put("machine", machine);
        root.put("date", date.toString());
        root.put("results", results);
        root.put("ingest_events_per_s", null);
        root.put("store_bytes", null);
        root.put("http", http);
        root.put("ingest", ingest);
        root.put("notes", notes);
    }

    void data(BenchData d) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("accounts", d.accounts());
        data.put("days", d.profile().days());
        data.put("first_day", d.first().toString());
        data.put("last_day", d.end().toString());
        data.put("events", d.events());
        root.put("data", data);
        root.put("store_bytes", d.heapBytes());
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("heap_bytes", d.heapBytes());
        memory.put("off_heap_bytes", d.offHeapBytes());
        memory.put("estimate_bytes", d.dataset().sizeInBytes());
        memory.put("bytes_per_account", d.heapBytes() / (double) Math.max(1, d.accounts()));
        memory.put("bytes_per_event", d.heapBytes() / (double) Math.max(1, d.events()));
        root.put("memory", memory);
        ingest.put("while_loading_events_per_s", Math.round(d.ingestEventsPerSecond()));
        ingest.put("while_loading_events_per_writer_cpu_s", Math.round(d.ingestEventsPerWriterCpuSecond()));
        ingest.put("while_loading_events", d.events());
    }

    void peerLoaded(long rows, double seconds, long bytes) {
        Map<String, Object> duck = new LinkedHashMap<>();
        duck.put("rows", rows);
        duck.put("load_seconds", Math.round(seconds * 10) / 10.0);
        duck.put("table_bytes", bytes);
        root.put("duckdb", duck);
    }

    void result(String query, Statistics daybit, Statistics duckdb) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("query", query);
        r.put("daybit_median_us", daybit == null ? null : round(daybit.getPercentile(50)));
        r.put("daybit_p99_us", daybit == null ? null : round(daybit.getPercentile(99)));
        r.put("duckdb_median_us", duckdb == null ? null : round(duckdb.getPercentile(50)));
        r.put("duckdb_p99_us", duckdb == null ? null : round(duckdb.getPercentile(99)));
        r.put("ratio", daybit == null || duckdb == null ? null
                : round(duckdb.getPercentile(50) / daybit.getPercentile(50)));
        r.put("daybit_samples", daybit == null ? null : daybit.getN());
        r.put("duckdb_samples", duckdb == null ? null : duckdb.getN());
        results.add(r);
    }

    void ingest(int readers, long events, double medianPerSecond, double worstPerSecond) {
        if (readers == 0) {
            root.put("ingest_events_per_s", Math.round(medianPerSecond));
            ingest.put("single_writer_events_per_s", Math.round(medianPerSecond));
            ingest.put("single_writer_worst_run_events_per_s", Math.round(worstPerSecond));
        } else {
            ingest.put("with_" + readers + "_reader_events_per_s", Math.round(medianPerSecond));
        }
        ingest.put("events_per_run", events);
    }

    void http(HttpLoad.Result r) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("route", r.route());
        h.put("rps", Math.round(r.rps()));
        h.put("p99_ms", round(r.p99Ms()));
        h.put("p50_ms", round(r.p50Ms()));
        h.put("requests", r.requests());
        http.add(h);
    }

    void firstCall(String query, double ms) {
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) root.computeIfAbsent("first_call_ms",
                k -> new LinkedHashMap<String, Object>());
        first.put(query, round(ms));
    }

    void note(String text) {
        notes.add(text);
    }

    void finish() {
        machine.put("load_average_at_end", loadAverage());
    }

    /** The report as JSON. */
    public Map<String, Object> json() {
        return root;
    }

    /** Writes latest.json and latest.md (and PROFILE.json, PROFILE.md) into {@code dir}, and the table into the README's results block. */
    void write(Path dir, Path readme) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(dir.resolve("latest.json"), json.writeValueAsString(root) + "\n");
        Files.writeString(dir.resolve("latest.md"), markdown());
        // each profile's last run is kept too, so that a quick run does not hide the full one
        Files.writeString(dir.resolve(root.get("profile") + ".json"), json.writeValueAsString(root) + "\n");
        Files.writeString(dir.resolve(root.get("profile") + ".md"), markdown());
        if (readme != null && Files.exists(readme)) {
            String text = Files.readString(readme, StandardCharsets.UTF_8);
            int b = text.indexOf(BEGIN);
            int e = text.indexOf(END);
            if (b >= 0 && e > b) {
                Files.writeString(readme, text.substring(0, b + BEGIN.length()) + "\n" + markdown()
                        + text.substring(e), StandardCharsets.UTF_8);
            }
        }
    }

    /** The results as markdown: the machine, the data, the query table, ingest, memory and HTTP. */
    @SuppressWarnings("unchecked")
    public String markdown() {
        StringBuilder md = new StringBuilder();
        Map<String, Object> data = (Map<String, Object>) root.getOrDefault("data", Map.of());
        md.append(String.format(Locale.ROOT, "Profile **%s**: %,d accounts, %s days (%s to %s), %,d events. Run %s.%n%n",
                root.get("profile"), data.get("accounts"), data.get("days"), data.get("first_day"),
                data.get("last_day"), data.get("events"), root.get("date")));
        md.append(String.format(Locale.ROOT, "Machine: %s, %s cores, %.1f GiB RAM, %s; %s. Load average %s at the "
                        + "start, %s at the end (the machine is shared: expect noise).%n%n",
                machine.get("cpu"), machine.get("cores"), ((Number) machine.get("memory_bytes")).longValue() / 1073741824.0,
                machine.get("os"), machine.get("java"), machine.get("load_average_at_start"),
                machine.get("load_average_at_end")));
        md.append("| question | Daybit median µs | Daybit p99 µs | DuckDB median µs | DuckDB p99 µs | DuckDB ÷ Daybit |\n");
        md.append("|---|--:|--:|--:|--:|--:|\n");
        for (Map<String, Object> r : results) {
            md.append("| ").append(r.get("query")).append(" | ").append(num(r.get("daybit_median_us"))).append(" | ")
                    .append(num(r.get("daybit_p99_us"))).append(" | ").append(num(r.get("duckdb_median_us")))
                    .append(" | ").append(num(r.get("duckdb_p99_us"))).append(" | ")
                    .append(r.get("ratio") == null ? "–" : num(r.get("ratio")) + "×").append(" |\n");
        }
        md.append('\n');
        Map<String, Object> memory = (Map<String, Object>) root.get("memory");
        if (memory != null) {
            md.append(String.format(Locale.ROOT, "Store: %,.1f MiB of heap (%.1f bytes per account, %.1f bytes per "
                            + "event; off-heap %,d bytes; the engine's own estimate %,.1f MiB).%n%n",
                    ((Number) memory.get("heap_bytes")).longValue() / 1048576.0, memory.get("bytes_per_account"),
                    memory.get("bytes_per_event"), memory.get("off_heap_bytes"),
                    ((Number) memory.get("estimate_bytes")).longValue() / 1048576.0));
        }
        Map<String, Object> first = (Map<String, Object>) root.get("first_call_ms");
        if (first != null) {
            List<String> parts = new ArrayList<>();
            first.forEach((k, v) -> parts.add(k + " " + num(v) + " ms"));
            md.append("First call after loading (what the engine builds once): ").append(String.join("; ", parts))
                    .append(".\n\n");
        }
        if (!ingest.isEmpty()) {
            md.append("Ingest (single writer): ");
            List<String> parts = new ArrayList<>();
            ingest.forEach((k, v) -> parts.add(k.replace('_', ' ') + " " + num(v)));
            md.append(String.join("; ", parts)).append(".\n\n");
        }
        if (!http.isEmpty()) {
            md.append("| HTTP route (8 connections, 127.0.0.1) | requests/s | p50 ms | p99 ms |\n|---|--:|--:|--:|\n");
            for (Map<String, Object> h : http) {
                md.append("| ").append(h.get("route")).append(" | ").append(num(h.get("rps"))).append(" | ")
                        .append(num(h.get("p50_ms"))).append(" | ").append(num(h.get("p99_ms"))).append(" |\n");
            }
            md.append('\n');
        }
        for (String n : notes) {
            md.append("- ").append(n).append('\n');
        }
        return md.toString();
    }

    private static String num(Object o) {
        if (o == null) {
            return "–";
        }
        if (o instanceof Double || o instanceof Float) {
            double d = ((Number) o).doubleValue();
            return d >= 100 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.2f", d);
        }
        return String.format(Locale.ROOT, "%,d", ((Number) o).longValue());
    }

    private static double round(double v) {
        return v >= 100 ? Math.round(v) : Math.round(v * 100) / 100.0;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    static long totalMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return -1;
    }
}
