package io.daybit.bench.soak;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The rule that tells growth without bound from the data's own growth. After a warm-up (the first
 * 10% of the run, at least 30 s), the rest of the run is cut into thirds by time and the last third
 * is compared with the first:
 * <ul>
 *   <li>open file descriptors: median of the last third ≤ median of the first + {@value #FD_SLACK};</li>
 *   <li>threads: median of the last third ≤ median of the first + {@value #THREAD_SLACK};</li>
 *   <li>heap after GC: the lowest heap after a collection in the last third ≤ the lowest in the first
 *       + 64 MiB + twice what the engine says the dataset grew meanwhile (median of its
 *       {@code daybit_dataset_bytes} in each third). The lowest, because a young collection's figure
 *       still holds old garbage until a concurrent cycle has run; twice, because the engine's
 *       estimate counts the columns, not the JVM's overhead around them (about 15% in the full bench).</li>
 * </ul>
 * Ingest never stops, so the store grows all run long; what must not grow is what is not data. The
 * restart (from the kill until the dataset answers again) is left out of every figure.
 *
 * @param what    fds, threads or heap_after_gc
 * @param first   the first third's figure
 * @param last    the last third's figure
 * @param allowed the most the last third may show
 * @param ok      whether last ≤ allowed (false too when a third had no figure)
 */
record GrowthCheck(String what, double first, double last, double allowed, boolean ok) {
    static final int FD_SLACK = 32;
    static final int THREAD_SLACK = 16;
    private static final double HEAP_SLACK = 64.0 * (1 << 20);

    /**
     * Judges the run from {@code start} to {@code end}; samples and collections between
     * {@code downFrom} and {@code downTo} (the restart: the server down, then loading) are left out,
     * since a fresh process is not comparable with a running one.
     */
    static List<GrowthCheck> check(long start, long end, long downFrom, long downTo, List<Sample> allSamples,
                                   List<GcLog.Collection> allGcs) {
        List<Sample> samples = allSamples.stream()
                .filter(x -> x.epochMillis() < downFrom || x.epochMillis() > downTo).toList();
        List<GcLog.Collection> gcs = allGcs.stream()
                .filter(x -> x.epochMillis() < downFrom || x.epochMillis() > downTo).toList();
        long warm = Math.max(30_000, (end - start) / 10);
        long from = start + warm;
        long third = (end - from) / 3;
        long firstEnd = from + third;
        long lastStart = end - third;
        List<GrowthCheck> out = new ArrayList<>();
        out.add(slack("fds", samples, from, firstEnd, lastStart, end, Sample::fds, FD_SLACK));
        out.add(slack("threads", samples, from, firstEnd, lastStart, end, Sample::threads, THREAD_SLACK));
        double heapFirst = lowestHeap(gcs, from, firstEnd);
        double heapLast = lowestHeap(gcs, lastStart, end);
        double storeFirst = median(values(samples, from, firstEnd, Sample::storeBytes));
        double storeLast = median(values(samples, lastStart, end, Sample::storeBytes));
        double grown = Double.isNaN(storeFirst) || Double.isNaN(storeLast) ? Double.NaN
                : Math.max(0, storeLast - storeFirst);
        double allowed = heapFirst + HEAP_SLACK + 2 * grown;
        out.add(new GrowthCheck("heap_after_gc", heapFirst, heapLast, allowed, heapLast <= allowed));
        return out;
    }

    private static GrowthCheck slack(String what, List<Sample> samples, long a0, long a1, long c0, long c1,
                                     Function<Sample, ? extends Number> f, int slack) {
        double first = median(values(samples, a0, a1, f));
        double last = median(values(samples, c0, c1, f));
        return new GrowthCheck(what, first, last, first + slack, last <= first + slack);
    }

    private static double[] values(List<Sample> samples, long from, long to, Function<Sample, ? extends Number> f) {
        return samples.stream().filter(s -> s.epochMillis() >= from && s.epochMillis() < to)
                .map(f).filter(v -> v != null).mapToDouble(Number::doubleValue).toArray();
    }

    private static double lowestHeap(List<GcLog.Collection> gcs, long from, long to) {
        return gcs.stream().filter(g -> g.epochMillis() >= from && g.epochMillis() < to)
                .mapToDouble(GcLog.Collection::afterBytes).min().orElse(Double.NaN);
    }

    /** The median, NaN when there are no values (which fails the check: NaN compares false). */
    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The rule in words, for the report. */
    static String rule() {
        return "leaving out the restart (kill until the dataset answers) and a warm-up (10% of the run, at least "
                + "30 s), the rest is cut into thirds by time; the last third may show at most: fds median + "
                + FD_SLACK + ", threads median + " + THREAD_SLACK + ", lowest heap after GC + 64 MiB + 2 x the growth of the engine's store estimate";
    }
}
