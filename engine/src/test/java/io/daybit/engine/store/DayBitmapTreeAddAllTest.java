package io.daybit.engine.store;

import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link DayBitmapTree#addAll} leaves the tree exactly as adding the same accounts one by one. */
class DayBitmapTreeAddAllTest {

    @Test
    void addingABatchOfDaysInBulkGivesTheSameRangeUnionsAsAddingTheAccountsOneByOne() {
        SplittableRandom rnd = new SplittableRandom(11);
        DayBitmapTree single = new DayBitmapTree();
        DayBitmapTree bulk = new DayBitmapTree();
        int origin = 19_000;
        for (int round = 0; round < 5; round++) {
            TreeMap<Integer, RoaringBitmap> batch = new TreeMap<>();
            for (int d = 0; d < 60; d++) {
                int day = origin + rnd.nextInt(400);
                RoaringBitmap accounts = batch.computeIfAbsent(day, k -> new RoaringBitmap());
                int n = rnd.nextInt(200);
                for (int i = 0; i < n; i++) {
                    int a = rnd.nextInt(rnd.nextBoolean() ? 500 : 200_000);
                    accounts.add(a);
                    single.add(day, a);
                }
            }
            int[] days = batch.keySet().stream().mapToInt(Integer::intValue).toArray();
            bulk.addAll(days, batch.values().toArray(new RoaringBitmap[0]), days.length);
            for (int q = 0; q < 300; q++) {
                int from = origin - 10 + rnd.nextInt(420);
                int to = from + rnd.nextInt(400);
                assertEquals(single.union(from, to), bulk.union(from, to), "[" + from + ", " + to + "]");
                assertEquals(single.distinctCount(from, to), bulk.distinctCount(from, to));
            }
        }
    }
}
