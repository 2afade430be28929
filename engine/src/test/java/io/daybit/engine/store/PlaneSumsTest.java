package io.daybit.engine.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link PlaneSums} against a list of its points, on seeded random adds, removals, seals and rectangles. */
class PlaneSumsTest {

    @Test
    void rectangleSumsMatchALoopOverThePointsThroughAddsRemovalsAndSeals() {
        for (long seed = 1; seed <= 40; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int metrics = 1 + rnd.nextInt(5);
            int span = 1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 800);
            int origin = rnd.nextInt(-1000, 30_000);
            PlaneSums sums = new PlaneSums(metrics);
            List<long[]> points = new ArrayList<>(); // x, y, values…
            int rounds = 1 + rnd.nextInt(6);
            for (int round = 0; round < rounds; round++) {
                int adds = rnd.nextInt(400);
                for (int i = 0; i < adds; i++) {
                    if (!points.isEmpty() && rnd.nextInt(4) == 0) {
                        long[] p = points.remove(rnd.nextInt(points.size()));
                        sums.add((int) p[0], (int) p[1], values(p), -1);
                    } else {
                        long[] p = new long[2 + metrics];
                        p[0] = origin + rnd.nextInt(span);
                        p[1] = rnd.nextInt(8) == 0 ? Integer.MIN_VALUE : origin + rnd.nextInt(span) - span / 4;
                        for (int m = 0; m < metrics; m++) {
                            p[2 + m] = rnd.nextInt(5) == 0 ? -rnd.nextLong(1L << 40) : rnd.nextLong(1L << 40);
                        }
                        points.add(p);
                        sums.add((int) p[0], (int) p[1], values(p), 1);
                    }
                }
                sums.seal();
                for (int q = 0; q < 200; q++) {
                    int x1 = origin - 20 + rnd.nextInt(span + 40);
                    int x2 = x1 + rnd.nextInt(span + 20) - 5;
                    int y1 = rnd.nextInt(6) == 0 ? Integer.MIN_VALUE : origin - span / 2 + rnd.nextInt(2 * span);
                    int y2 = (y1 == Integer.MIN_VALUE ? origin : y1) + rnd.nextInt(span + 20) - 5;
                    long[] want = new long[metrics];
                    for (long[] p : points) {
                        if (p[0] >= x1 && p[0] <= x2 && p[1] >= y1 && p[1] <= y2) {
                            for (int m = 0; m < metrics; m++) {
                                want[m] += p[2 + m];
                            }
                        }
                    }
                    long[] got = new long[metrics];
                    sums.sum(x1, x2, y1, y2, got);
                    assertArrayEquals(want, got, "seed " + seed + " [" + x1 + ", " + x2 + "] × [" + y1 + ", " + y2 + "]");
                }
            }
        }
    }

    @Test
    void cellsThatReturnToZeroAreDroppedOnSeal() {
        PlaneSums sums = new PlaneSums(2);
        long[] v = {3, -4};
        for (int x = 0; x < 100; x++) {
            sums.add(x, x * 2, v, 1);
        }
        sums.seal();
        long full = sums.sizeInBytes();
        for (int x = 0; x < 100; x++) {
            sums.add(x, x * 2, v, -1);
        }
        sums.seal();
        long[] got = new long[2];
        sums.sum(0, 99, Integer.MIN_VALUE, Integer.MAX_VALUE, got);
        assertArrayEquals(new long[] {0, 0}, got);
        assertEquals(true, sums.sizeInBytes() < full, sums.sizeInBytes() + " < " + full);
    }

    private static long[] values(long[] p) {
        long[] v = new long[p.length - 2];
        System.arraycopy(p, 2, v, 0, v.length);
        return v;
    }
}
