package io.daybit.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One minute of the run, from the probes, the GC logs and the clients' minute files.
 *
 * @param minute        0 for the first minute after the start
 * @param heapAfterGcMin the lowest heap after a collection in the minute, bytes (null: no collection)
 * @param heapAfterGcMax the highest, bytes
 * @param collections   collections in the minute
 * @param rssMax        highest resident memory probed, bytes
 * @param fdsMax        most open file descriptors probed
 * @param threadsMax    most threads probed
 * @param events        the dataset's events at the minute's last probe
 * @param storeBytes    the engine's store estimate at the minute's last probe
 * @param segments      log segment files at the minute's last probe
 * @param snapshots     snapshot files at the minute's last probe
 * @param lives         which server lives the minute saw (1, 2 or both)
 * @param queries       the query clients' minute ({@link MinuteStats} line), or null
 * @param ingest        the ingest client's minute, or null
 */
record MinuteRow(int minute, Long heapAfterGcMin, Long heapAfterGcMax, int collections, Long rssMax, Integer fdsMax,
                 Integer threadsMax, Double events, Double storeBytes, Integer segments, Integer snapshots,
                 String lives, JsonNode queries, JsonNode ingest) {

    static List<MinuteRow> rows(long start, long stopped, List<Sample> samples, List<GcLog.Collection> gcs,
                                List<JsonNode> queryMinutes, List<JsonNode> ingestMinutes) {
        int count = (int) ((stopped - start + 59_999) / 60_000);
        Map<Integer, JsonNode> q = byMinute(queryMinutes);
        Map<Integer, JsonNode> in = byMinute(ingestMinutes);
        List<MinuteRow> rows = new ArrayList<>();
        for (int m = 0; m < count; m++) {
            long a = start + m * 60_000L;
            long b = a + 60_000;
            List<Sample> s = samples.stream().filter(x -> x.epochMillis() >= a && x.epochMillis() < b).toList();
            List<GcLog.Collection> g = gcs.stream().filter(x -> x.epochMillis() >= a && x.epochMillis() < b).toList();
            Sample last = s.isEmpty() ? null : s.get(s.size() - 1);
            rows.add(new MinuteRow(m,
                    g.stream().mapToLong(GcLog.Collection::afterBytes).min().stream().boxed().findFirst().orElse(null),
                    g.stream().mapToLong(GcLog.Collection::afterBytes).max().stream().boxed().findFirst().orElse(null),
                    g.size(), max(s, Sample::rssBytes), maxInt(s, Sample::fds), maxInt(s, Sample::threads),
                    last == null ? null : last.events(), last == null ? null : last.storeBytes(),
                    last == null ? null : last.segments(), last == null ? null : last.snapshots(),
                    lives(s), q.get(m), in.get(m)));
        }
        return rows;
    }

    /** Query answers that were neither 200 nor a restart's 503 / no answer. */
    long queryErrors() {
        if (queries == null) {
            return 0;
        }
        long errors = 0;
        for (Map.Entry<String, JsonNode> e : queries.get("outcomes").properties()) {
            if (!e.getKey().equals("200") && !e.getKey().equals("503") && !e.getKey().equals("no_answer")) {
                errors += e.getValue().asLong();
            }
        }
        return errors;
    }

    /** Requests without an answer or with a 503 (the restart), from a client's minute. */
    static long unavailable(JsonNode minute) {
        if (minute == null) {
            return 0;
        }
        JsonNode o = minute.get("outcomes");
        return o.path("503").asLong() + o.path("no_answer").asLong() + o.path("429").asLong();
    }

    private static Map<Integer, JsonNode> byMinute(List<JsonNode> lines) {
        Map<Integer, JsonNode> out = new TreeMap<>();
        for (JsonNode n : lines) {
            out.put(n.get("minute").asInt(), n);
        }
        return out;
    }

    private static Long max(List<Sample> s, Function<Sample, Long> f) {
        return s.stream().map(f).filter(v -> v != null).max(Long::compare).orElse(null);
    }

    private static Integer maxInt(List<Sample> s, Function<Sample, Integer> f) {
        return s.stream().map(f).filter(v -> v != null).max(Integer::compare).orElse(null);
    }

    private static String lives(List<Sample> s) {
        return s.stream().map(x -> Integer.toString(x.life())).distinct().reduce((a, b) -> a + "+" + b).orElse("");
    }
}
