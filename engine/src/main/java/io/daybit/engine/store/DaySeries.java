package io.daybit.engine.store;

import java.util.Arrays;

/**
 * A signed 64-bit value per day with range sums in O(log chunks). Days are grouped in chunks of
 * {@value #CHUNK_DAYS} aligned days so that data spanning decades, or a few far-apart days, costs
 * memory only for the chunks it touches.
 *
 * <p>Writes ({@link #add}) mark a chunk dirty; {@link #seal()} rebuilds the prefix sums of dirty
 * chunks and the running totals across chunks, and must be called before the series is read again.
 */
public final class DaySeries {
    static final int CHUNK_SHIFT = 8;
    static final int CHUNK_DAYS = 1 << CHUNK_SHIFT;
    private static final int MASK = CHUNK_DAYS - 1;

    private int[] keys = new int[0];
    private long[][] values = new long[0][];
    /** prefix[c][i] = Σ values[c][0 .. i-1]; length CHUNK_DAYS + 1. */
    private long[][] prefix = new long[0][];
    /** before[c] = Σ of every chunk before c. */
    private long[] before = new long[0];
    private boolean[] dirty = new boolean[0];
    private boolean anyDirty;
    private long total;

    /** Adds {@code delta} to the value of {@code epochDay}. */
    public void add(int epochDay, long delta) {
        if (delta == 0) {
            return;
        }
        int c = chunkIndex(epochDay >> CHUNK_SHIFT, true);
        values[c][epochDay & MASK] += delta;
        dirty[c] = true;
        anyDirty = true;
    }

    /** Rebuilds the prefix sums after writes; cheap when nothing changed. */
    public void seal() {
        if (!anyDirty) {
            return;
        }
        long running = 0;
        for (int c = 0; c < keys.length; c++) {
            if (dirty[c]) {
                long[] v = values[c];
                long[] p = prefix[c];
                long s = 0;
                for (int i = 0; i < CHUNK_DAYS; i++) {
                    p[i] = s;
                    s += v[i];
                }
                p[CHUNK_DAYS] = s;
                dirty[c] = false;
            }
            before[c] = running;
            running += prefix[c][CHUNK_DAYS];
        }
        total = running;
        anyDirty = false;
    }

    /** Σ of the values of days ≤ {@code epochDay}. */
    public long sumUpTo(int epochDay) {
        int key = epochDay >> CHUNK_SHIFT;
        int pos = Arrays.binarySearch(keys, key);
        if (pos >= 0) {
            return before[pos] + prefix[pos][(epochDay & MASK) + 1];
        }
        int insertion = -pos - 1;
        return insertion == keys.length ? total : before[insertion];
    }

    /** Σ of the values of days in [from, to]; 0 when from &gt; to. */
    public long sum(int fromDay, int toDay) {
        if (fromDay > toDay) {
            return 0;
        }
        return sumUpTo(toDay) - sumUpTo(fromDay - 1);
    }

    /** The value of one day. */
    public long get(int epochDay) {
        int pos = Arrays.binarySearch(keys, epochDay >> CHUNK_SHIFT);
        return pos < 0 ? 0 : values[pos][epochDay & MASK];
    }

    /** Bytes held, roughly. */
    public long sizeInBytes() {
        return (long) keys.length * (2L * CHUNK_DAYS * Long.BYTES + 64);
    }

    private int chunkIndex(int key, boolean create) {
        int pos = Arrays.binarySearch(keys, key);
        if (pos >= 0 || !create) {
            return pos;
        }
        int at = -pos - 1;
        keys = insert(keys, at, key);
        values = insert(values, at, new long[CHUNK_DAYS]);
        prefix = insert(prefix, at, new long[CHUNK_DAYS + 1]);
        before = Arrays.copyOf(before, before.length + 1);
        boolean[] d = new boolean[dirty.length + 1];
        System.arraycopy(dirty, 0, d, 0, at);
        System.arraycopy(dirty, at, d, at + 1, dirty.length - at);
        dirty = d;
        return at;
    }

    private static int[] insert(int[] a, int at, int v) {
        int[] r = new int[a.length + 1];
        System.arraycopy(a, 0, r, 0, at);
        r[at] = v;
        System.arraycopy(a, at, r, at + 1, a.length - at);
        return r;
    }

    private static long[][] insert(long[][] a, int at, long[] v) {
        long[][] r = new long[a.length + 1][];
        System.arraycopy(a, 0, r, 0, at);
        r[at] = v;
        System.arraycopy(a, at, r, at + 1, a.length - at);
        return r;
    }

    /** Writes the values of every chunk; the sums are rebuilt on reading. Only on a sealed series. */
    void writeTo(SnapshotOutput out) {
        out.writeInts(keys, keys.length);
        for (long[] v : values) {
            out.writeLongs(v, CHUNK_DAYS);
        }
    }

    /** Reads what {@link #writeTo} wrote into this empty series, and seals it. */
    void readFrom(SnapshotInput in) {
        int[] k = in.readInts();
        long[][] v = new long[k.length][];
        for (int c = 0; c < k.length; c++) {
            v[c] = in.readLongs();
            if (v[c].length != CHUNK_DAYS || (c > 0 && k[c] <= k[c - 1])) {
                throw new IllegalStateException("damaged day series in a snapshot");
            }
        }
        keys = k;
        values = v;
        prefix = new long[k.length][CHUNK_DAYS + 1];
        before = new long[k.length];
        dirty = new boolean[k.length];
        Arrays.fill(dirty, true);
        anyDirty = true;
        seal();
    }
}
