package io.daybit.bench.soak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a client process saw, minute by minute of the run (minute 0 starts at the run's start time,
 * which every process is given): latencies of the answered requests and counts by outcome. Each
 * finished minute becomes one JSON line in a file that the soak driver reads at the end. Thread-safe.
 */
public final class MinuteStats {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long startMillis;
    private final Path file;
    private final TreeMap<Integer, Minute> minutes = new TreeMap<>();

    public MinuteStats(long startMillis, Path file) {
        this.startMillis = startMillis;
        this.file = file;
    }

    /** One minute's figures. */
    private static final class Minute {
        long[] nanos = new long[256];
        int answered;
        final Map<String, Long> outcomes = new TreeMap<>();
        long units;

        void add(long latencyNanos) {
            if (answered == nanos.length) {
                nanos = Arrays.copyOf(nanos, answered * 2);
            }
            nanos[answered++] = latencyNanos;
        }
    }

    private int minuteNow() {
        return (int) Math.max(0, (System.currentTimeMillis() - startMillis) / 60_000);
    }

    /** An answered request (status 200) and how long it took; {@code units} counts e.g. its events. */
    public synchronized void answered(long latencyNanos, long units) {
        Minute m = minutes.computeIfAbsent(minuteNow(), k -> new Minute());
        m.add(latencyNanos);
        m.units += units;
        m.outcomes.merge("200", 1L, Long::sum);
    }

    /** A request that got no answer or another status: {@code outcome} is the status or a kind of failure. */
    public synchronized void outcome(String outcome) {
        minutes.computeIfAbsent(minuteNow(), k -> new Minute()).outcomes.merge(outcome, 1L, Long::sum);
    }

    /** Writes the minutes before the current one (all of them when {@code all}) and forgets them. */
    public void flush(boolean all) {
        StringBuilder out = new StringBuilder();
        synchronized (this) {
            int now = minuteNow();
            while (!minutes.isEmpty() && (all || minutes.firstKey() < now)) {
                Map.Entry<Integer, Minute> e = minutes.pollFirstEntry();
                out.append(line(e.getKey(), e.getValue())).append('\n');
            }
        }
        if (out.length() > 0) {
            try {
                Files.writeString(file, out, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String line(int minute, Minute m) {
        long[] sorted = Arrays.copyOf(m.nanos, m.answered);
        Arrays.sort(sorted);
        ObjectNode n = JSON.createObjectNode();
        n.put("minute", minute);
        n.put("answered", m.answered);
        n.put("units", m.units);
        n.put("p50_ms", millis(percentile(sorted, 0.50)));
        n.put("p99_ms", millis(percentile(sorted, 0.99)));
        n.put("max_ms", millis(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
        ObjectNode outcomes = n.putObject("outcomes");
        m.outcomes.forEach(outcomes::put);
        return n.toString();
    }

    /** The nearest-rank percentile of sorted values, 0 when there are none. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
