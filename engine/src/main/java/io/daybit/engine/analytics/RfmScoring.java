package io.daybit.engine.analytics;

import io.daybit.engine.RfmSettings;

/**
 * The scoring rules of METRICS.md §5 as plain functions. Thresholds are handled as "≤" bounds in
 * both modes: R = 3 if recency ≤ a1, 2 if ≤ a2, else 1; F = 1 if frequency ≤ b1, 2 if ≤ b2,
 * else 3; M likewise with c1, c2. In quantile mode the bounds are the tertile values t1, t2; in
 * fixed mode a = (r.low, r.high) and b, c = (low − 1, high − 1), since F and M there score 3 from
 * "≥ high".
 */
final class RfmScoring {
    private RfmScoring() {
    }

    /** The 1-based position ⌈n/3⌉ of the first tertile threshold among n sorted values. */
    static long lowerRank(long n) {
        return (n + 2) / 3;
    }

    /** The 1-based position ⌈2n/3⌉ of the second tertile threshold among n sorted values. */
    static long upperRank(long n) {
        return (2 * n + 2) / 3;
    }

    /** The cell index 0–26 ({@link RfmSettings#cellIndex}) of a customer's values. */
    static int cell(long recencyDays, long frequency, long monetary,
                           long a1, long a2, long b1, long b2, long c1, long c2) {
        int r = recencyDays <= a1 ? 3 : recencyDays <= a2 ? 2 : 1;
        int f = frequency <= b1 ? 1 : frequency <= b2 ? 2 : 3;
        int m = monetary <= c1 ? 1 : monetary <= c2 ? 2 : 3;
        return RfmSettings.cellIndex(r, f, m);
    }

    /** The R score 1–3 of a cell index. */
    static int rOf(int cell) {
        return cell / 9 + 1;
    }

    /** The F score 1–3 of a cell index. */
    static int fOf(int cell) {
        return cell / 3 % 3 + 1;
    }

    /** The M score 1–3 of a cell index. */
    static int mOf(int cell) {
        return cell % 3 + 1;
    }
}
