package io.daybit.engine.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Gap-point distinct counts, and the tree's neighbour-day searches they rely on, against a plain
 * set of (account, day) pairs, for days arriving in random order (late ones included), days far
 * apart (decades, before 1970) and a store rebuilt from its day sets.
 */
class ActiveGapsTest {

    @Test
    void distinctCountsEqualASetOfAccountsForAnyRangeWhateverTheOrderTheDaysArriveIn() {
        for (long seed = 1; seed <= 12; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int origin = seed % 3 == 0 ? -400 : 19_000;
            int spread = seed % 4 == 0 ? 12_000 : 500;
            DayBitmapTree days = new DayBitmapTree();
            ActiveGaps gaps = new ActiveGaps();
            Map<Integer, Set<Integer>> byAccount = new HashMap<>();
            int accounts = 1 + rnd.nextInt(300);
            for (int batch = 0; batch < 6; batch++) {
                int n = rnd.nextInt(2_000);
                for (int i = 0; i < n; i++) {
                    int account = rnd.nextInt(accounts);
                    int day = origin + (rnd.nextInt(10) == 0 ? rnd.nextInt(spread) : rnd.nextInt(60) + batch * 30);
                    if (days.add(day, account)) {
                        gaps.added(day, account, days);
                    }
                    byAccount.computeIfAbsent(account, k -> new TreeSet<>()).add(day);
                }
                gaps.seal();
                checkRanges(rnd, origin, spread, gaps, byAccount, "seed " + seed + " batch " + batch);
            }
            ActiveGaps rebuilt = new ActiveGaps();
            rebuilt.rebuildFrom(days);
            checkRanges(rnd, origin, spread, rebuilt, byAccount, "seed " + seed + " rebuilt");
        }
    }

    @Test
    void previousAndNextDayFindTheAccountsNeighbouringDaysAcrossBlocksAndDecades() {
        SplittableRandom rnd = new SplittableRandom(5);
        DayBitmapTree days = new DayBitmapTree();
        Map<Integer, TreeSet<Integer>> byAccount = new HashMap<>();
        for (int i = 0; i < 3_000; i++) {
            int account = rnd.nextInt(40);
            int day = rnd.nextInt(3) == 0 ? rnd.nextInt(-20_000, 40_000) : 19_000 + rnd.nextInt(300);
            days.add(day, account);
            byAccount.computeIfAbsent(account, k -> new TreeSet<>()).add(day);
        }
        for (int q = 0; q < 5_000; q++) {
            int account = rnd.nextInt(45);
            int day = rnd.nextInt(2) == 0 ? rnd.nextInt(-25_000, 45_000) : 19_000 + rnd.nextInt(300);
            TreeSet<Integer> own = byAccount.getOrDefault(account, new TreeSet<>());
            Integer lower = own.lower(day);
            Integer higher = own.higher(day);
            assertEquals(lower == null ? -1 : lower, days.previousDay(day, account, -1), "previous of " + day);
            assertEquals(higher == null ? -1 : higher, days.nextDay(day, account, -1), "next of " + day);
        }
    }

    private static void checkRanges(SplittableRandom rnd, int origin, int spread, ActiveGaps gaps,
                                    Map<Integer, Set<Integer>> byAccount, String where) {
        List<int[]> ranges = new ArrayList<>();
        for (int q = 0; q < 200; q++) {
            int from = origin - 5 + rnd.nextInt(spread + 10);
            ranges.add(new int[] {from, from + rnd.nextInt(q % 5 == 0 ? spread : 40)});
        }
        ranges.add(new int[] {Integer.MIN_VALUE + 1, Integer.MAX_VALUE - 1});
        ranges.add(new int[] {origin + 10, origin + 9});
        for (int[] r : ranges) {
            Set<Integer> active = new HashSet<>();
            byAccount.forEach((account, own) -> {
                for (int d : own) {
                    if (d >= r[0] && d <= r[1]) {
                        active.add(account);
                        break;
                    }
                }
            });
            assertEquals(active.size(), gaps.distinctCount(r[0], r[1]), where + " [" + r[0] + ", " + r[1] + "]");
        }
    }
}
