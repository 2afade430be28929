package io.daybit.bench.soak;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The growth rule: data may grow the heap, nothing may grow fds, threads or the rest of the heap. */
class GrowthCheckTest {
    private static final long MIB = 1 << 20;
    private static final long MINUTE = 60_000;
    private static final long END = 30 * MINUTE;

    private static List<Sample> samples(LongFunction<Integer> fds, LongFunction<Integer> threads,
                                        LongFunction<Double> store) {
        List<Sample> out = new ArrayList<>();
        for (long t = 0; t < END; t += 10_000) {
            out.add(new Sample(t, 1, fds.apply(t), threads.apply(t), 300 * MIB, store.apply(t), 0.0, 5, 2));
        }
        return out;
    }

    private static List<GcLog.Collection> gcs(LongFunction<Long> after) {
        List<GcLog.Collection> out = new ArrayList<>();
        for (long t = 5_000; t < END; t += 20_000) {
            out.add(new GcLog.Collection(t, "Pause Young", after.apply(t)));
        }
        return out;
    }

    private static Map<String, Boolean> judge(List<Sample> s, List<GcLog.Collection> g, long downFrom, long downTo) {
        return GrowthCheck.check(0, END, downFrom, downTo, s, g).stream()
                .collect(Collectors.toMap(GrowthCheck::what, GrowthCheck::ok));
    }

    @Test
    void flatFilesAndThreadsAndAHeapGrowingWithTheDataPass() {
        List<Sample> s = samples(t -> 40, t -> 35, t -> 50.0 * MIB + t * 100);
        Map<String, Boolean> ok = judge(s, gcs(t -> 80 * MIB + t * 150), 0, 0);
        assertEquals(Map.of("fds", true, "threads", true, "heap_after_gc", true), ok);
    }

    @Test
    void aFileDescriptorLeakFails() {
        Map<String, Boolean> ok = judge(samples(t -> 40 + (int) (t / 20_000), t -> 35, t -> 50.0 * MIB),
                gcs(t -> 80 * MIB), 0, 0);
        assertFalse(ok.get("fds"));
        assertTrue(ok.get("threads"));
    }

    @Test
    void aThreadLeakFails() {
        assertFalse(judge(samples(t -> 40, t -> 35 + (int) (t / 30_000), t -> 50.0 * MIB), gcs(t -> 80 * MIB), 0, 0)
                .get("threads"));
    }

    @Test
    void aHeapGrowingWhileTheDataDoesNotFails() {
        Map<String, Boolean> ok = judge(samples(t -> 40, t -> 35, t -> 50.0 * MIB), gcs(t -> 80 * MIB + t * 100), 0, 0);
        assertFalse(ok.get("heap_after_gc"));
    }

    @Test
    void theRestartIsLeftOut() {
        long down = 15 * MINUTE;
        // the fresh process has a tiny heap for a while and fewer threads: not growth, not shrinkage
        List<Sample> s = samples(t -> t >= down && t < down + MINUTE ? 5 : 40, t -> 35, t -> 50.0 * MIB);
        Map<String, Boolean> ok = judge(s, gcs(t -> t >= down && t < down + MINUTE ? MIB : 80 * MIB), down,
                down + MINUTE);
        assertEquals(Map.of("fds", true, "threads", true, "heap_after_gc", true), ok);
    }

    @Test
    void aThirdWithoutFiguresFails() {
        List<Sample> s = samples(t -> t > END / 2 ? null : 40, t -> 35, t -> 50.0 * MIB);
        assertFalse(judge(s, gcs(t -> 80 * MIB), 0, 0).get("fds"));
    }
}
