package io.daybit.engine.store;

import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link DayBitmapTree#addAll} leaves the tree exactly as adding the same accounts one by one. */
class DayBitmapTreeAddAllTest {

    @Test
    void addingADaysAccountsInBulkGivesTheSameRangeUnionsAsAddingThemOneByOne() {
        SplittableRandom rnd = new SplittableRandom(11);
        DayBitmapTree single = new DayBitmapTree();
        DayBitmapTree bulk = new DayBitmapTree();
        int origin = 19_000;
        for (int round = 0; round < 5; round++) {
            for (int d = 0; d < 60; d++) {
                int day = origin + rnd.nextInt(400);
                RoaringBitmap accounts = new RoaringBitmap();
                int n = rnd.nextInt(200);
                for (int i = 0; i < n; i++) {
                    int a = rnd.nextInt(rnd.nextBoolean() ? 500 : 200_000);
                    accounts.add(a);
                    single.add(day, a);
                }
                bulk.addAll(day, accounts);
            }
            for (int q = 0; q < 300; q++) {
                int from = origin - 10 + rnd.nextInt(420);
                int to = from + rnd.nextInt(400);
                assertEquals(single.union(from, to), bulk.union(from, to), "[" + from + ", " + to + "]");
                assertEquals(single.distinctCount(from, to), bulk.distinctCount(from, to));
            }
        }
    }
}
