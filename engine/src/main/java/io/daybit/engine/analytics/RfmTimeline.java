package io.daybit.engine.analytics;

import io.daybit.engine.RfmSettings;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.Arrays;

/**
 * The RFM state of every account, swept forward one day at a time, with the RFM matrix and
 * revenue by persona of every day swept and a log of every change of cell (METRICS.md §5).
 *
 * <p><b>Why a sweep.</b> Quantile thresholds make each day's scores depend on every customer of
 * that day, so an RFM matrix as of an arbitrary day costs a pass over all accounts when computed
 * from scratch, and on this hardware a pass over a million accounts with deltas applied by random
 * access costs tens of milliseconds. Swept day by day, the state changes little: the accounts that
 * bought on D or whose purchase of D − lookback leaves the window, and the accounts that a moving
 * threshold crosses (one day of last purchases for R, a few monetary buckets for M). Each day's
 * matrix and persona sums (27 cells × count, purchases, purchase sum, revenue) are then kept, so
 * that the report of any swept day is a lookup; and the log of cell changes, with a snapshot of
 * every account's cell every {@value #SNAPSHOT_EVERY} swept days, rebuilds the cell of every
 * account on any day (for transitions and members) from the nearest snapshot.
 *
 * <p>Days with no customer and no order are skipped. Orders that arrive for the last swept day are
 * applied to it again in place; orders for an earlier day take the timeline back to the day before
 * (undoing the days after it, see {@link #rewind}), to be swept forward again when next read.
 *
 * <p><b>Account record.</b> Each account's state is one 64-byte line of {@code state}, because the
 * sweep reaches accounts in random order and a cache miss costs more than all the arithmetic:
 * <pre>
 *   +0 last purchase day   +1 purchases in window   +2 purchase sum in window
 *   +3 purchases ≤ D       +4 purchase sum ≤ D      +5 revenue ≤ D (refunds included)
 *   +6 next | previous account in the same monetary bucket (int | int, -1 for none)
 *   +7 stamp of the last step that touched it | position in the customer list (int | int)
 * </pre>
 *
 * <p>Not thread-safe: its owner ({@link RfmIndex}) serializes every call.
 */
final class RfmTimeline {
    /** The cell code of an account that is not a customer. */
    static final byte NONE = 27;
    /** Cells 0–26 and NONE. */
    static final int CODES = 28;
    static final int SNAPSHOT_EVERY = 16;

    private static final int STRIDE = 8;
    private static final int LAST = 0;
    private static final int FREQ = 1;
    private static final int MONEY = 2;
    private static final int PURCHASES = 3;
    private static final int PURCHASE_SUM = 4;
    private static final int REVENUE = 5;
    private static final int LINK = 6;
    private static final int SLOT = 7;

    /** Layout of one swept day's summary; see {@link #summary}. */
    static final int S_CUSTOMERS = 0;
    static final int S_THRESHOLDS = 1;
    static final int S_COUNT = 7;
    static final int S_PURCHASES = S_COUNT + 27;
    static final int S_PURCHASE_SUM = S_PURCHASES + 27;
    static final int S_REVENUE = S_PURCHASE_SUM + 27;
    static final int SUMMARY_LONGS = S_REVENUE + 27;

    private static final int NOT_STARTED = Integer.MIN_VALUE;
    /** Beyond this many days of R boundary movement, or monetary buckets, rescoring all customers is cheaper. */
    private static final int BAND_DAYS_LIMIT = 64;
    private static final int BAND_BUCKETS_LIMIT = 4_096;

    private final int lookback;
    private final boolean quantile;
    /** Fixed mode thresholds as "≤" bounds: R3 iff recency ≤ a1, R2 iff ≤ a2; F1 iff f ≤ b1, F2 iff ≤ b2; M alike. */
    private final long fixedA1;
    private final long fixedA2;
    private final long fixedB1;
    private final long fixedB2;
    private final long fixedC1;
    private final long fixedC2;

    // ------------------------------------------------------------ input: order rows by day
    private final Int2ObjectHashMap<DayRows> rowsByDay = new Int2ObjectHashMap<>();
    private int[] rowDays = new int[0];
    private boolean rowDaysDirty;
    private int minRowDay = Integer.MAX_VALUE;
    private int maxPurchaseDay = Integer.MIN_VALUE;
    /** The earliest day of orders that arrived for a day already swept (not the last), or MAX_VALUE. */
    private int lateDay = Integer.MAX_VALUE;
    private boolean again;

    // ------------------------------------------------------------ state at the end of day sweptTo
    private long[] state = new long[0];
    private byte[] cell = new byte[0];
    private int accounts;
    private int[] customers = new int[16];
    private int customerCount;
    /** Customers by last purchase day, in a ring of lookback days. */
    private final int[] recent;
    /** Customers by purchases in the window. */
    private int[] frequencies = new int[16];
    private final MonetaryBuckets money = new MonetaryBuckets();
    private final long[] cellCount = new long[CODES];
    private final long[] cellPurchases = new long[CODES];
    private final long[] cellPurchaseSum = new long[CODES];
    private final long[] cellRevenue = new long[CODES];
    private int[] touched = new int[1024];
    private int touchedCount;
    private int stamp;
    private long[] bucketValues = new long[64];

    private long a1;
    private long a2;
    private long b1;
    private long b2;
    private long c1;
    private long c2;

    private int sweptTo = NOT_STARTED;

    // ------------------------------------------------------------ history
    private int visited;
    private int[] visitedDay = new int[64];
    private int[] visitedLogStart = new int[64];
    private long[] summaries = new long[64 * SUMMARY_LONGS];
    private byte[][] snapshots = new byte[8][];
    private int[] logAccount = new int[1024];
    private byte[] logOld = new byte[1024];
    private byte[] logNew = new byte[1024];
    private int logSize;

    /**
     * One day's orders (account, total) in arrival order, copied out of the order columns so that a
     * day is read sequentially; the first {@code processed} have been swept, and for each purchase
     * swept, {@code previousLast} keeps the account's last purchase day before it, to undo it.
     */
    private static final class DayRows {
        int[] account = new int[4];
        long[] total = new long[4];
        int[] previousLast = new int[4];
        int size;
        int processed;

        void add(int a, long t) {
            if (size == account.length) {
                account = Arrays.copyOf(account, size * 2);
                total = Arrays.copyOf(total, size * 2);
                previousLast = Arrays.copyOf(previousLast, size * 2);
            }
            account[size] = a;
            total[size++] = t;
        }
    }

    RfmTimeline(RfmSettings settings) {
        this.lookback = settings.lookbackDays();
        this.quantile = settings.mode() == RfmSettings.Mode.QUANTILE;
        this.fixedA1 = settings.r().low();
        this.fixedA2 = settings.r().high();
        this.fixedB1 = settings.f().low() - 1;
        this.fixedB2 = settings.f().high() - 1;
        this.fixedC1 = settings.m().low() - 1;
        this.fixedC2 = settings.m().high() - 1;
        this.recent = new int[lookback];
    }

    // ================================================================ input

    /**
     * Takes orders (account, epoch day, total) in arrival order. Orders of the last swept day are
     * applied to it again by the next {@link #sweepTo}; orders of an earlier swept day make it
     * {@link #rewind} to the day before them first.
     */
    void add(int[] account, int[] day, long[] total, int n) {
        for (int i = 0; i < n; i++) {
            add(account[i], day[i], total[i]);
        }
    }

    private void add(int account, int day, long total) {
        DayRows rows = rowsByDay.get(day);
        if (rows == null) {
            rows = new DayRows();
            rowsByDay.put(day, rows);
            rowDaysDirty = true;
        }
        rows.add(account, total);
        minRowDay = Math.min(minRowDay, day);
        if (total > 0) {
            maxPurchaseDay = Math.max(maxPurchaseDay, day);
        }
        if (sweptTo != NOT_STARTED && day <= sweptTo) {
            if (day == sweptTo && visited > 0 && visitedDay[visited - 1] == day) {
                again = true;
            } else {
                lateDay = Math.min(lateDay, day);
            }
        }
    }

    /** Takes every order of another timeline (for new settings), not yet swept. */
    void addAll(RfmTimeline other) {
        for (Int2ObjectHashMap<DayRows>.EntryIterator it = other.rowsByDay.entrySet().iterator(); it.hasNext(); ) {
            it.next();
            DayRows rows = it.getValue();
            for (int i = 0; i < rows.size; i++) {
                add(rows.account[i], it.getIntKey(), rows.total[i]);
            }
        }
        ensureAccounts(other.accounts);
    }

    /**
     * Sweeps up to {@code day} (or to the last day that can have a customer), so that every
     * query of a day up to it can be answered. Returns whether anything changed.
     */
    boolean sweepTo(int day) {
        int before = visited;
        int sweptBefore = sweptTo;
        boolean changed = lateDay != Integer.MAX_VALUE || again;
        if (lateDay != Integer.MAX_VALUE) {
            rewind(lateDay);
        }
        if (again) {
            again = false;
            step(sweptTo, true);
        }
        if (maxPurchaseDay == Integer.MIN_VALUE) {
            return changed;
        }
        int target = (int) Math.min(day, (long) maxPurchaseDay + lookback - 1);
        while (sweptTo == NOT_STARTED ? minRowDay <= target : sweptTo < target) {
            int d;
            if (sweptTo == NOT_STARTED) {
                d = minRowDay;
            } else if (customerCount == 0) {
                d = nextRowDay(sweptTo);
                if (d == Integer.MAX_VALUE || d > target) {
                    sweptTo = target;
                    return true;
                }
            } else {
                d = sweptTo + 1;
            }
            step(d, false);
            sweptTo = d;
        }
        return changed || visited != before || sweptTo != sweptBefore;
    }

    // ================================================================ answers

    /**
     * Copies the summary of {@code day} into {@code out} ({@link #SUMMARY_LONGS} longs: customers,
     * thresholds a1 a2 b1 b2 c1 c2 as "≤" bounds, then per cell: count, purchases, purchase sum,
     * revenue). Returns false when the day has no customer. The day must have been swept to.
     */
    boolean summary(int day, long[] out) {
        int v = visitedAtOrBefore(day);
        if (v < 0 || visitedDay[v] != day || summaries[v * SUMMARY_LONGS + S_CUSTOMERS] == 0) {
            return false;
        }
        System.arraycopy(summaries, v * SUMMARY_LONGS, out, 0, SUMMARY_LONGS);
        return true;
    }

    /**
     * The cell code (0–26, or {@link #NONE}) of every account at the end of {@code day}, which
     * must have been swept to; a new array of {@code accounts} entries that the caller owns.
     */
    byte[] cellsAt(int day) {
        byte[] out = new byte[accounts];
        int v = visitedAtOrBefore(day);
        if (v < 0 || day > (long) maxPurchaseDay + lookback - 1) {
            Arrays.fill(out, NONE);
            return out;
        }
        int lower = (v + 1) / SNAPSHOT_EVERY - 1;
        int lowerDay = lower < 0 ? -1 : lower * SNAPSHOT_EVERY + SNAPSHOT_EVERY - 1;
        int upper = lower + 1;
        int upperDay = upper * SNAPSHOT_EVERY + SNAPSHOT_EVERY - 1;
        if (upperDay > visited - 1) {
            upperDay = visited - 1;
        }
        long forward = lowerDay < 0 ? Long.MAX_VALUE : logStart(v + 1) - logStart(lowerDay + 1);
        long backward = logStart(upperDay + 1) - logStart(v + 1);
        if (forward <= backward) {
            copyCells(snapshots[lower], out);
            for (int i = logStart(lowerDay + 1), end = logStart(v + 1); i < end; i++) {
                out[logAccount[i]] = logNew[i];
            }
        } else {
            copyCells(upperDay == visited - 1 ? cell : snapshots[upper], out);
            for (int i = logStart(upperDay + 1) - 1, end = logStart(v + 1); i >= end; i--) {
                out[logAccount[i]] = logOld[i];
            }
        }
        return out;
    }

    /** Bytes held, roughly. */
    long sizeInBytes() {
        long bytes = 8L * state.length + cell.length + 4L * customers.length + 4L * recent.length
                + 4L * frequencies.length + 8L * MonetaryBuckets.BUCKETS + 4L * touched.length
                + 8L * visitedDay.length + 8L * summaries.length + 6L * logAccount.length;
        for (byte[] s : snapshots) {
            bytes += s == null ? 0 : s.length;
        }
        // forEachInt, not an iterator: Agrona's map shares one iterator object among its callers
        long[] rows = {0};
        rowsByDay.forEachInt((day, r) -> rows[0] += 16L * r.account.length + 64);
        return bytes + rows[0];
    }

    /** Accounts known to the timeline. */
    int accounts() {
        return accounts;
    }

    // ================================================================ the sweep

    private void step(int d, boolean repeat) {
        int previousDay = repeat ? d : visited == 0 ? d - 1 : visitedDay[visited - 1];
        boolean hadCustomers = customerCount > 0;
        long oa1 = a1;
        long oa2 = a2;
        long ob1 = b1;
        long ob2 = b2;
        long oc1 = c1;
        long oc2 = c2;
        stamp++;
        touchedCount = 0;
        if (!repeat) {
            growVisited();
            visitedDay[visited] = d;
            visitedLogStart[visited] = logSize;
            visited++;
        }
        DayRows today = rowsByDay.get(d);
        if (today != null) {
            for (int i = repeat ? today.processed : 0; i < today.size; i++) {
                enter(today, i, d);
            }
            today.processed = today.size;
        }
        if (!repeat) {
            DayRows leaving = rowsByDay.get(d - lookback);
            if (leaving != null) {
                for (int i = 0; i < leaving.processed; i++) {
                    leave(leaving, i);
                }
            }
        }
        thresholds(d);
        for (int i = 0; i < touchedCount; i++) {
            rescore(touched[i], d);
        }
        if (hadCustomers && customerCount > 0) {
            rescoreCrossed(d, previousDay, oa1, oa2, ob1, ob2, oc1, oc2);
        }
        int v = visited - 1;
        record(v);
        if (v % SNAPSHOT_EVERY == SNAPSHOT_EVERY - 1) {
            int s = v / SNAPSHOT_EVERY;
            if (s >= snapshots.length) {
                snapshots = Arrays.copyOf(snapshots, snapshots.length * 2);
            }
            snapshots[s] = Arrays.copyOf(cell, accounts);
        }
    }

    private void enter(DayRows rows, int i, int d) {
        long t = rows.total[i];
        if (t == 0) {
            return;
        }
        int a = rows.account[i];
        int base = a * STRIDE;
        long[] s = state;
        if (t > 0) {
            touch(a);
            boolean wasCustomer = s[base + FREQ] > 0;
            if (wasCustomer) {
                unindex(a);
            }
            s[base + FREQ]++;
            s[base + MONEY] += t;
            s[base + PURCHASES]++;
            s[base + PURCHASE_SUM] += t;
            s[base + REVENUE] += t;
            rows.previousLast[i] = (int) s[base + LAST];
            s[base + LAST] = d;
            index(a);
            if (!wasCustomer) {
                addCustomer(a);
            }
            byte c = cell[a];
            if (c != NONE) {
                cellPurchases[c]++;
                cellPurchaseSum[c] += t;
                cellRevenue[c] += t;
            }
        } else {
            s[base + REVENUE] += t;
            byte c = cell[a];
            if (c != NONE) {
                cellRevenue[c] += t;
            }
        }
    }

    private void leave(DayRows rows, int i) {
        long t = rows.total[i];
        if (t <= 0) {
            return;
        }
        int a = rows.account[i];
        int base = a * STRIDE;
        touch(a);
        unindex(a);
        state[base + FREQ]--;
        state[base + MONEY] -= t;
        if (state[base + FREQ] > 0) {
            index(a);
        } else {
            removeCustomer(a);
        }
    }

    /** Computes the thresholds of day d from the customers' distributions (quantile) or settings. */
    private void thresholds(int d) {
        if (!quantile) {
            a1 = fixedA1;
            a2 = fixedA2;
            b1 = fixedB1;
            b2 = fixedB2;
            c1 = fixedC1;
            c2 = fixedC2;
            return;
        }
        int n = customerCount;
        if (n == 0) {
            return;
        }
        long k1 = RfmScoring.lowerRank(n);
        long k2 = RfmScoring.upperRank(n);
        long cum = 0;
        boolean first = false;
        for (int x = d; x > d - lookback; x--) {
            cum += recent[Math.floorMod(x, lookback)];
            if (!first && cum >= k1) {
                a1 = d - x;
                first = true;
            }
            if (cum >= k2) {
                a2 = d - x;
                break;
            }
        }
        cum = 0;
        first = false;
        for (int f = 1; f < frequencies.length; f++) {
            cum += frequencies[f];
            if (!first && cum >= k1) {
                b1 = f;
                first = true;
            }
            if (cum >= k2) {
                b2 = f;
                break;
            }
        }
        c1 = kthMoney(k1);
        c2 = kthMoney(k2);
    }

    private final long[] below = new long[1];

    private long kthMoney(long k) {
        int b = money.bucketOfRank(k, below);
        if (MonetaryBuckets.exact(b)) {
            return b;
        }
        int n = 0;
        for (int a = money.head(b); a >= 0; a = next(a)) {
            if (n == bucketValues.length) {
                bucketValues = Arrays.copyOf(bucketValues, n * 2);
            }
            bucketValues[n++] = state[a * STRIDE + MONEY];
        }
        Arrays.sort(bucketValues, 0, n);
        return bucketValues[(int) (k - below[0] - 1)];
    }

    /**
     * Rescores the untouched customers whose class a threshold crossed between the previous
     * state (thresholds o*, recency counted at {@code previousDay}) and day d.
     */
    private void rescoreCrossed(int d, int previousDay, long oa1, long oa2, long ob1, long ob2, long oc1, long oc2) {
        boolean all = ob1 != b1 || ob2 != b2;
        long windowStart = (long) d - lookback + 1;
        // R = 3 iff lastDay ≥ d − a1: the accounts whose last day lies between the old and new boundary
        long lo1 = Math.max(windowStart, Math.min((long) d - a1, (long) previousDay - oa1));
        long hi1 = Math.min((long) d + 1, Math.max((long) d - a1, (long) previousDay - oa1));
        long lo2 = Math.max(windowStart, Math.min((long) d - a2, (long) previousDay - oa2));
        long hi2 = Math.min((long) d + 1, Math.max((long) d - a2, (long) previousDay - oa2));
        long days = Math.max(0, hi1 - lo1) + Math.max(0, hi2 - lo2);
        int m1Lo = oc1 == c1 ? 0 : MonetaryBuckets.bucket(Math.min(oc1, c1) + 1);
        int m1Hi = oc1 == c1 ? -1 : MonetaryBuckets.bucket(Math.max(oc1, c1));
        int m2Lo = oc2 == c2 ? 0 : MonetaryBuckets.bucket(Math.min(oc2, c2) + 1);
        int m2Hi = oc2 == c2 ? -1 : MonetaryBuckets.bucket(Math.max(oc2, c2));
        long buckets = Math.max(0, m1Hi - m1Lo + 1) + Math.max(0, m2Hi - m2Lo + 1);
        if (all || days > BAND_DAYS_LIMIT || buckets > BAND_BUCKETS_LIMIT) {
            for (int i = 0; i < customerCount; i++) {
                rescore(customers[i], d);
            }
            return;
        }
        rescoreLastDays(lo1, hi1, d);
        rescoreLastDays(lo2, hi2, d);
        rescoreBuckets(m1Lo, m1Hi, d);
        rescoreBuckets(m2Lo, m2Hi, d);
    }

    /** Rescores the customers whose last purchase day is in [from, to). */
    private void rescoreLastDays(long from, long to, int d) {
        for (long x = from; x < to; x++) {
            DayRows rows = rowsByDay.get((int) x);
            if (rows == null) {
                continue;
            }
            for (int i = 0; i < rows.processed; i++) {
                if (rows.total[i] > 0) {
                    int a = rows.account[i];
                    int base = a * STRIDE;
                    if (state[base + LAST] == x && state[base + FREQ] > 0) {
                        rescore(a, d);
                    }
                }
            }
        }
    }

    private void rescoreBuckets(int from, int to, int d) {
        for (int b = from; b <= to; b++) {
            for (int a = money.head(b); a >= 0; a = next(a)) {
                rescore(a, d);
            }
        }
    }

    /** Moves an account to the cell its state has on day d, keeping the cell sums and the log. */
    private void rescore(int a, int d) {
        int base = a * STRIDE;
        long[] s = state;
        byte old = cell[a];
        byte now = s[base + FREQ] > 0
                ? (byte) RfmScoring.cell(d - s[base + LAST], s[base + FREQ], s[base + MONEY], a1, a2, b1, b2, c1, c2)
                : NONE;
        if (old == now) {
            return;
        }
        if (old != NONE) {
            cellCount[old]--;
            cellPurchases[old] -= s[base + PURCHASES];
            cellPurchaseSum[old] -= s[base + PURCHASE_SUM];
            cellRevenue[old] -= s[base + REVENUE];
        }
        if (now != NONE) {
            cellCount[now]++;
            cellPurchases[now] += s[base + PURCHASES];
            cellPurchaseSum[now] += s[base + PURCHASE_SUM];
            cellRevenue[now] += s[base + REVENUE];
        }
        cell[a] = now;
        if (logSize == logAccount.length) {
            int n = logSize * 2;
            logAccount = Arrays.copyOf(logAccount, n);
            logOld = Arrays.copyOf(logOld, n);
            logNew = Arrays.copyOf(logNew, n);
        }
        logAccount[logSize] = a;
        logOld[logSize] = old;
        logNew[logSize] = now;
        logSize++;
    }

    private void record(int v) {
        int o = v * SUMMARY_LONGS;
        if (o + SUMMARY_LONGS > summaries.length) {
            summaries = Arrays.copyOf(summaries, summaries.length * 2);
        }
        long[] s = summaries;
        s[o + S_CUSTOMERS] = customerCount;
        s[o + S_THRESHOLDS] = a1;
        s[o + S_THRESHOLDS + 1] = a2;
        s[o + S_THRESHOLDS + 2] = b1;
        s[o + S_THRESHOLDS + 3] = b2;
        s[o + S_THRESHOLDS + 4] = c1;
        s[o + S_THRESHOLDS + 5] = c2;
        System.arraycopy(cellCount, 0, s, o + S_COUNT, 27);
        System.arraycopy(cellPurchases, 0, s, o + S_PURCHASES, 27);
        System.arraycopy(cellPurchaseSum, 0, s, o + S_PURCHASE_SUM, 27);
        System.arraycopy(cellRevenue, 0, s, o + S_REVENUE, 27);
    }

    // ================================================================ indexes of the customers

    private void touch(int a) {
        int i = a * STRIDE + SLOT;
        if ((int) (state[i] >>> 32) == stamp) {
            return;
        }
        state[i] = ((long) stamp << 32) | (state[i] & 0xFFFF_FFFFL);
        if (touchedCount == touched.length) {
            touched = Arrays.copyOf(touched, touchedCount * 2);
        }
        touched[touchedCount++] = a;
    }

    private void addCustomer(int a) {
        if (customerCount == customers.length) {
            customers = Arrays.copyOf(customers, customerCount * 2);
        }
        int i = a * STRIDE + SLOT;
        state[i] = (state[i] & 0xFFFF_FFFF_0000_0000L) | customerCount;
        customers[customerCount++] = a;
    }

    private void removeCustomer(int a) {
        int pos = (int) state[a * STRIDE + SLOT];
        int last = customers[--customerCount];
        customers[pos] = last;
        int i = last * STRIDE + SLOT;
        state[i] = (state[i] & 0xFFFF_FFFF_0000_0000L) | pos;
    }

    /** Adds a customer's current values to the distributions. */
    private void index(int a) {
        int base = a * STRIDE;
        recent[Math.floorMod((int) state[base + LAST], lookback)]++;
        long f = state[base + FREQ];
        if (f >= frequencies.length) {
            frequencies = Arrays.copyOf(frequencies, (int) Math.max(f + 1, frequencies.length * 2L));
        }
        frequencies[(int) f]++;
        int b = MonetaryBuckets.bucket(state[base + MONEY]);
        money.increment(b);
        int head = money.head(b);
        state[base + LINK] = ((long) head << 32) | 0xFFFF_FFFFL;
        if (head >= 0) {
            setPrevious(head, a);
        }
        money.setHead(b, a);
    }

    /** Removes a customer's current values from the distributions. */
    private void unindex(int a) {
        int base = a * STRIDE;
        recent[Math.floorMod((int) state[base + LAST], lookback)]--;
        frequencies[(int) state[base + FREQ]]--;
        int b = MonetaryBuckets.bucket(state[base + MONEY]);
        money.decrement(b);
        int next = next(a);
        int previous = (int) state[base + LINK];
        if (previous >= 0) {
            int p = previous * STRIDE + LINK;
            state[p] = ((long) next << 32) | (state[p] & 0xFFFF_FFFFL);
        } else {
            money.setHead(b, next);
        }
        if (next >= 0) {
            setPrevious(next, previous);
        }
    }

    private int next(int a) {
        return (int) (state[a * STRIDE + LINK] >> 32);
    }

    private void setPrevious(int a, int previous) {
        int i = a * STRIDE + LINK;
        state[i] = (state[i] & 0xFFFF_FFFF_0000_0000L) | (previous & 0xFFFF_FFFFL);
    }

    // ================================================================ bookkeeping

    /** Makes room for accounts 0 .. n − 1. */
    void ensureAccounts(int n) {
        if (n <= accounts) {
            return;
        }
        if ((long) n * STRIDE > state.length) {
            int capacity = (int) Math.min(Integer.MAX_VALUE / STRIDE, Math.max(n, accounts * 2L));
            state = Arrays.copyOf(state, capacity * STRIDE);
            int old = cell.length;
            cell = Arrays.copyOf(cell, capacity);
            Arrays.fill(cell, old, capacity, NONE);
        }
        accounts = n;
    }

    /**
     * Takes the state back to the end of the last swept day before {@code day}, undoing the days
     * from the last one down, so that orders that arrived late for {@code day} are swept next.
     * Each day is undone in the reverse order of its sweep: the leaving purchases, then the
     * arriving orders (every intermediate state is the state with a subset of them applied), then
     * the day's cell changes from the log; the cell sums and thresholds are those recorded for the
     * day before.
     */
    private void rewind(int day) {
        lateDay = Integer.MAX_VALUE;
        again = false;
        if (visited == 0 || visitedDay[0] >= day) {
            restart();
            return;
        }
        while (visitedDay[visited - 1] >= day) {
            int v = visited - 1;
            int d = visitedDay[v];
            DayRows leaving = rowsByDay.get(d - lookback);
            if (leaving != null) {
                for (int i = leaving.processed - 1; i >= 0; i--) {
                    unleave(leaving, i);
                }
            }
            DayRows today = rowsByDay.get(d);
            if (today != null) {
                for (int i = today.processed - 1; i >= 0; i--) {
                    unenter(today, i);
                }
                today.processed = 0;
            }
            for (int i = logSize - 1; i >= visitedLogStart[v]; i--) {
                cell[logAccount[i]] = logOld[i];
            }
            logSize = visitedLogStart[v];
            visited = v;
        }
        int o = (visited - 1) * SUMMARY_LONGS;
        long[] sum = summaries;
        a1 = sum[o + S_THRESHOLDS];
        a2 = sum[o + S_THRESHOLDS + 1];
        b1 = sum[o + S_THRESHOLDS + 2];
        b2 = sum[o + S_THRESHOLDS + 3];
        c1 = sum[o + S_THRESHOLDS + 4];
        c2 = sum[o + S_THRESHOLDS + 5];
        Arrays.fill(cellCount, 0);
        Arrays.fill(cellPurchases, 0);
        Arrays.fill(cellPurchaseSum, 0);
        Arrays.fill(cellRevenue, 0);
        System.arraycopy(sum, o + S_COUNT, cellCount, 0, 27);
        System.arraycopy(sum, o + S_PURCHASES, cellPurchases, 0, 27);
        System.arraycopy(sum, o + S_PURCHASE_SUM, cellPurchaseSum, 0, 27);
        System.arraycopy(sum, o + S_REVENUE, cellRevenue, 0, 27);
        sweptTo = visitedDay[visited - 1];
    }

    private void unenter(DayRows rows, int i) {
        long t = rows.total[i];
        int a = rows.account[i];
        int base = a * STRIDE;
        long[] s = state;
        if (t > 0) {
            unindex(a);
            s[base + FREQ]--;
            s[base + MONEY] -= t;
            s[base + PURCHASES]--;
            s[base + PURCHASE_SUM] -= t;
            s[base + REVENUE] -= t;
            s[base + LAST] = rows.previousLast[i];
            if (s[base + FREQ] > 0) {
                index(a);
            } else {
                removeCustomer(a);
            }
        } else {
            s[base + REVENUE] -= t;
        }
    }

    private void unleave(DayRows rows, int i) {
        long t = rows.total[i];
        if (t <= 0) {
            return;
        }
        int a = rows.account[i];
        int base = a * STRIDE;
        if (state[base + FREQ] > 0) {
            unindex(a);
        } else {
            addCustomer(a);
        }
        state[base + FREQ]++;
        state[base + MONEY] += t;
        index(a);
    }

    /** Forgets every swept day, to sweep again from the first day with orders. */
    private void restart() {
        Arrays.fill(state, 0, accounts * STRIDE, 0);
        Arrays.fill(cell, NONE);
        customerCount = 0;
        Arrays.fill(recent, 0);
        Arrays.fill(frequencies, 0);
        money.clear();
        Arrays.fill(cellCount, 0);
        Arrays.fill(cellPurchases, 0);
        Arrays.fill(cellPurchaseSum, 0);
        Arrays.fill(cellRevenue, 0);
        visited = 0;
        logSize = 0;
        Arrays.fill(snapshots, null);
        sweptTo = NOT_STARTED;
        for (DayRows rows : rowsByDay.values()) {
            rows.processed = 0;
        }
        lateDay = Integer.MAX_VALUE;
        again = false;
    }

    private void growVisited() {
        if (visited == visitedDay.length) {
            visitedDay = Arrays.copyOf(visitedDay, visited * 2);
            visitedLogStart = Arrays.copyOf(visitedLogStart, visited * 2);
        }
    }

    private int logStart(int v) {
        return v < visited ? visitedLogStart[v] : logSize;
    }

    private void copyCells(byte[] from, byte[] to) {
        int n = Math.min(from.length, to.length);
        System.arraycopy(from, 0, to, 0, n);
        Arrays.fill(to, n, to.length, NONE);
    }

    /** Index of the last swept day ≤ day, or -1. */
    private int visitedAtOrBefore(int day) {
        int pos = Arrays.binarySearch(visitedDay, 0, visited, day);
        return pos >= 0 ? pos : -pos - 2;
    }

    /** The first day after {@code day} with order rows, or Integer.MAX_VALUE. */
    private int nextRowDay(int day) {
        if (rowDaysDirty) {
            int[] days = new int[rowsByDay.size()];
            int i = 0;
            for (Int2ObjectHashMap<DayRows>.KeyIterator it = rowsByDay.keySet().iterator(); it.hasNext(); ) {
                days[i++] = it.nextInt();
            }
            Arrays.sort(days);
            rowDays = days;
            rowDaysDirty = false;
        }
        int pos = Arrays.binarySearch(rowDays, day);
        int next = pos >= 0 ? pos + 1 : -pos - 1;
        return next < rowDays.length ? rowDays[next] : Integer.MAX_VALUE;
    }
}
