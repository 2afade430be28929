package io.daybit.engine.store;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * Points {@code (x, y)} of two int coordinates (epoch days, in Daybit's use) carrying a fixed number
 * of signed 64-bit metrics, with exact sums over any rectangle {@code [x1, x2] × [y1, y2]}.
 *
 * <p>The points are aggregated per distinct {@code (x, y)} cell, so memory grows with the number of
 * distinct cells, never with the number of points added. Two levels of rows:
 *
 * <pre>
 *   x rows      one per distinct x: the cells of that x, sorted by y, with running sums over y
 *   block rows  one per aligned block of 2^BLOCK_SHIFT x values: the cells of its x rows merged by y
 *
 *   x:  … | b·16 … b·16+15 | (b+1)·16 … |
 *           └── block row b ──┘
 * </pre>
 *
 * A rectangle is answered from the block rows of the blocks that lie inside {@code [x1, x2]} and the
 * x rows of the at most 2·15 x values at its ragged ends; each row answers {@code Σ y ∈ [y1, y2]}
 * with two binary searches in its running sums. A 366-day x range therefore costs at most about 53
 * rows, whatever the number of points.
 *
 * <p><b>Single writer, seal before reading.</b> {@link #add} only aggregates the change in a
 * pending hash map of cells (O(1), whatever the order the points come in); {@link #seal} sorts the
 * pending cells and merges them into their rows in one pass per row, dropping cells that came back
 * to zero. Readers call {@link #sum} only on a sealed instance, and see nothing of the pending
 * changes.
 */
public final class PlaneSums {
    static final int BLOCK_SHIFT = 4;
    private static final int BLOCK = 1 << BLOCK_SHIFT;
    private static final int SMALL = 1 << 12;

    private final int metrics;
    private final Int2ObjectHashMap<Row> rows = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<Row> blocks = new Int2ObjectHashMap<>();
    /** Changes not merged yet: packed cell {@link #pack (x, y)} → slot of {@code pendingValues}. */
    private Long2LongHashMap pending = new Long2LongHashMap(-1L);
    private long[] pendingKeys = new long[16];
    private long[] pendingValues;
    private int pendingCount;
    /** Bounds of the x values ever sealed: a sum never walks outside them, whatever range it is asked. */
    private int minX = Integer.MAX_VALUE;
    private int maxX = Integer.MIN_VALUE;

    /** @param metrics how many metrics each point carries, ≥ 1 */
    public PlaneSums(int metrics) {
        if (metrics < 1) {
            throw new IllegalArgumentException("metrics must be ≥ 1");
        }
        this.metrics = metrics;
        this.pendingValues = new long[16 * metrics];
    }

    /** The number of metrics each point carries. */
    public int metrics() {
        return metrics;
    }

    /**
     * Adds {@code sign × values} to the cell {@code (x, y)}; visible after the next {@link #seal}.
     *
     * @param values {@link #metrics()} values, read only
     * @param sign   +1 to add a point, −1 to take it away again
     */
    public void add(int x, int y, long[] values, int sign) {
        long key = pack(x, y);
        long slot = pending.get(key);
        int s;
        if (slot == -1L) {
            s = pendingCount++;
            if (s == pendingKeys.length) {
                pendingKeys = Arrays.copyOf(pendingKeys, s * 2);
                pendingValues = Arrays.copyOf(pendingValues, s * 2 * metrics);
            }
            pendingKeys[s] = key;
            pending.put(key, s);
        } else {
            s = (int) slot;
        }
        int base = s * metrics;
        for (int m = 0; m < metrics; m++) {
            pendingValues[base + m] += sign * values[m];
        }
    }

    /**
     * Merges every pending change into the rows: the changes sorted by (x, y) are one run per x
     * row, and the runs of the x values of one block, sorted again by y, are the block row's run.
     */
    public void seal() {
        int n = pendingCount;
        if (n == 0) {
            return;
        }
        long[] keys = Arrays.copyOf(pendingKeys, n);
        Arrays.sort(keys);
        minX = Math.min(minX, x(keys[0]));
        maxX = Math.max(maxX, x(keys[n - 1]));
        long[] deltas = new long[n * metrics];
        int[] ys = new int[n];
        for (int i = 0; i < n; i++) {
            ys[i] = y(keys[i]);
            System.arraycopy(pendingValues, (int) pending.get(keys[i]) * metrics, deltas, i * metrics, metrics);
        }
        int[] blockYs = new int[Math.min(n, SMALL)];
        long[] blockDeltas = new long[blockYs.length * metrics];
        long[] order = new long[blockYs.length];
        int i = 0;
        while (i < n) {
            int block = x(keys[i]) >> BLOCK_SHIFT;
            int blockStart = i;
            while (i < n && x(keys[i]) >> BLOCK_SHIFT == block) {
                int x = x(keys[i]);
                int start = i;
                while (i < n && x(keys[i]) == x) {
                    i++;
                }
                merge(rows, x, ys, deltas, start, i);
            }
            int count = i - blockStart;
            if (order.length < count) {
                order = new long[count];
                blockYs = new int[count];
                blockDeltas = new long[count * metrics];
            }
            for (int j = 0; j < count; j++) {
                order[j] = ((long) ys[blockStart + j] << 32) | j;
            }
            Arrays.sort(order, 0, count);
            int cells = 0;
            for (int j = 0; j < count; j++) {
                int from = (blockStart + (int) order[j]) * metrics;
                int y = ys[blockStart + (int) order[j]];
                if (cells == 0 || blockYs[cells - 1] != y) {
                    blockYs[cells] = y;
                    System.arraycopy(deltas, from, blockDeltas, cells * metrics, metrics);
                    cells++;
                } else {
                    int to = (cells - 1) * metrics;
                    for (int m = 0; m < metrics; m++) {
                        blockDeltas[to + m] += deltas[from + m];
                    }
                }
            }
            merge(blocks, block, blockYs, blockDeltas, 0, cells);
        }
        pendingCount = 0;
        if (pendingKeys.length > SMALL) {
            pending = new Long2LongHashMap(-1L);
            pendingKeys = new long[16];
            pendingValues = new long[16 * metrics];
        } else {
            pending.clear();
            Arrays.fill(pendingValues, 0, n * metrics, 0L);
        }
    }

    private void merge(Int2ObjectHashMap<Row> level, int rowKey, int[] ys, long[] deltas, int from, int to) {
        Row r = level.get(rowKey);
        if (r == null) {
            r = new Row();
            level.put(rowKey, r);
        }
        r.merge(ys, deltas, from, to, metrics);
        if (r.size == 0) {
            level.remove(rowKey);
        }
    }

    /**
     * Adds the sums of the points in {@code [x1, x2] × [y1, y2]} to {@code into} (one slot per
     * metric); adds nothing when either range is empty.
     */
    public void sum(int x1, int x2, int y1, int y2, long[] into) {
        walk(x1, x2, y1, y2, into);
    }

    /**
     * The sum of the first metric over the points in {@code [x1, x2] × [y1, y2]}, 0 when either
     * range is empty; allocates nothing.
     */
    public long sumOfFirst(int x1, int x2, int y1, int y2) {
        return walk(x1, x2, y1, y2, null);
    }

    /** Visits the rows covering [x1, x2]: adds every metric to {@code into} unless null, returns the first. */
    private long walk(int x1, int x2, int y1, int y2, long[] into) {
        long x = Math.max(x1, minX);
        long end = Math.min(x2, maxX);
        if (x > end || y1 > y2) {
            return 0;
        }
        long first = 0;
        while (x <= end) {
            if ((x & (BLOCK - 1)) == 0 && x + BLOCK - 1 <= end) {
                Row b = blocks.get((int) (x >> BLOCK_SHIFT));
                if (b != null) {
                    first += b.sum(y1, y2, metrics, into);
                }
                x += BLOCK;
            } else {
                Row r = rows.get((int) x);
                if (r != null) {
                    first += r.sum(y1, y2, metrics, into);
                }
                x++;
            }
        }
        return first;
    }

    /**
     * Bytes held, roughly. Called by readers, several at once: {@code forEachInt}, not an iterator,
     * because Agrona's map shares one iterator object among all its callers.
     */
    public long sizeInBytes() {
        long[] bytes = {(rows.size() + blocks.size()) * 24L};
        rows.forEachInt((key, r) -> bytes[0] += r.sizeInBytes());
        blocks.forEachInt((key, r) -> bytes[0] += r.sizeInBytes());
        return bytes[0];
    }

    /** (x, y) as one long whose signed order is the order of the pairs. */
    private static long pack(int x, int y) {
        return ((long) x << 32) | ((y ^ Integer.MIN_VALUE) & 0xFFFF_FFFFL);
    }

    private static int x(long packed) {
        return (int) (packed >> 32);
    }

    private static int y(long packed) {
        return (int) packed ^ Integer.MIN_VALUE;
    }

    /** Writes every row, sealed (running sums). */
    void writeTo(SnapshotOutput out) {
        if (pendingCount != 0) {
            throw new IllegalStateException("a snapshot of unsealed plane sums");
        }
        out.writeInt(metrics);
        writeRows(out, rows);
        writeRows(out, blocks);
    }

    private void writeRows(SnapshotOutput out, Int2ObjectHashMap<Row> level) {
        out.writeInt(level.size());
        level.forEachInt((key, r) -> {
            out.writeInt(key);
            out.writeInts(r.ys, r.size);
            out.writeLongs(r.values, r.size * metrics);
        });
    }

    /** Reads what {@link #writeTo} wrote into these empty plane sums. */
    void readFrom(SnapshotInput in) {
        if (in.readInt() != metrics) {
            throw new IllegalStateException("plane sums of another number of metrics in a snapshot");
        }
        readRows(in, rows);
        readRows(in, blocks);
        rows.forEachInt((x, r) -> {
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
        });
    }

    private void readRows(SnapshotInput in, Int2ObjectHashMap<Row> level) {
        int n = in.readCount(12);
        for (int i = 0; i < n; i++) {
            int key = in.readInt();
            Row r = new Row();
            r.ys = in.readInts();
            r.size = r.ys.length;
            r.values = in.readLongs();
            if (r.values.length != r.size * metrics) {
                throw new IllegalStateException("damaged plane sums in a snapshot");
            }
            if (r.size == 0) {
                r.ys = new int[4];
                r.values = new long[4 * metrics];
            }
            level.put(key, r);
        }
    }

    /**
     * The cells of one row: {@code ys[0 .. size)} ascending, and {@code values[i·metrics + m]} the
     * running sum of metric m over the cells {@code 0 .. i}.
     */
    private static final class Row {
        private static final int[] NO_YS = {};
        private static final long[] NO_VALUES = {};
        int[] ys = NO_YS;
        long[] values = NO_VALUES;
        int size;

        /**
         * Merges changes {@code deltas} at ascending {@code newYs[from .. n)} into the row: back from
         * running sums to plain values, add, drop zero cells, running sums again — one pass.
         */
        void merge(int[] newYs, long[] deltas, int from, int n, int metrics) {
            int[] outYs = new int[size + n - from];
            long[] out = new long[outYs.length * metrics];
            int i = 0;
            int j = from;
            int k = 0;
            while (i < size || j < n) {
                int y;
                boolean fromRow = j == n || (i < size && ys[i] <= newYs[j]);
                boolean fromNew = i == size || (j < n && newYs[j] <= ys[i]);
                y = fromRow ? ys[i] : newYs[j];
                int ob = k * metrics;
                boolean zero = true;
                for (int m = 0; m < metrics; m++) {
                    long v = 0;
                    if (fromRow) {
                        v = values[i * metrics + m] - (i == 0 ? 0 : values[(i - 1) * metrics + m]);
                    }
                    if (fromNew) {
                        v += deltas[j * metrics + m];
                    }
                    out[ob + m] = v;
                    zero &= v == 0;
                }
                if (fromRow) {
                    i++;
                }
                if (fromNew) {
                    j++;
                }
                if (zero) {
                    continue;
                }
                outYs[k] = y;
                if (k > 0) {
                    for (int m = 0; m < metrics; m++) {
                        out[ob + m] += out[ob - metrics + m];
                    }
                }
                k++;
            }
            size = k;
            ys = k == outYs.length ? outYs : Arrays.copyOf(outYs, k);
            values = k * metrics == out.length ? out : Arrays.copyOf(out, k * metrics);
        }

        /**
         * Adds the running-sum difference for {@code y ∈ [y1, y2]} to {@code into} unless null;
         * returns the first metric's.
         */
        long sum(int y1, int y2, int metrics, long[] into) {
            int hi = upTo(y2);
            if (hi < 0) {
                return 0;
            }
            int lo = y1 == Integer.MIN_VALUE ? -1 : upTo(y1 - 1);
            if (lo == hi) {
                return 0;
            }
            int hb = hi * metrics;
            int lb = lo * metrics;
            if (into != null) {
                for (int m = 0; m < metrics; m++) {
                    into[m] += values[hb + m] - (lo < 0 ? 0 : values[lb + m]);
                }
            }
            return values[hb] - (lo < 0 ? 0 : values[lb]);
        }

        /** Index of the last cell with {@code ys[i] ≤ y}, or −1. */
        private int upTo(int y) {
            int lo = 0;
            int hi = size - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (ys[mid] <= y) {
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return lo - 1;
        }

        long sizeInBytes() {
            return 16L + ys.length * 4L + values.length * 8L;
        }
    }
}
