package io.daybit.engine.store;

import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * <p><b>Single writer, seal before reading.</b> {@link #add} keeps a touched row in plain
 * (non-cumulative) form; {@link #seal} turns every touched row into running sums, dropping cells
 * that came back to zero. Readers call {@link #sum} only on a sealed instance.
 */
public final class PlaneSums {
    static final int BLOCK_SHIFT = 4;
    private static final int BLOCK = 1 << BLOCK_SHIFT;

    private final int metrics;
    private final Int2ObjectHashMap<Row> rows = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<Row> blocks = new Int2ObjectHashMap<>();
    private final List<Row> touched = new ArrayList<>();

    /** @param metrics how many metrics each point carries, ≥ 1 */
    public PlaneSums(int metrics) {
        if (metrics < 1) {
            throw new IllegalArgumentException("metrics must be ≥ 1");
        }
        this.metrics = metrics;
    }

    /** The number of metrics each point carries. */
    public int metrics() {
        return metrics;
    }

    /**
     * Adds {@code sign × values} to the cell {@code (x, y)}.
     *
     * @param values {@link #metrics()} values, read only
     * @param sign   +1 to add a point, −1 to take it away again
     */
    public void add(int x, int y, long[] values, int sign) {
        row(rows, x).add(y, values, sign, metrics, touched);
        row(blocks, x >> BLOCK_SHIFT).add(y, values, sign, metrics, touched);
    }

    private static Row row(Int2ObjectHashMap<Row> level, int key) {
        Row r = level.get(key);
        if (r == null) {
            r = new Row();
            level.put(key, r);
        }
        return r;
    }

    /** Turns every row touched since the last seal into running sums. */
    public void seal() {
        for (int i = 0, n = touched.size(); i < n; i++) {
            touched.get(i).seal(metrics);
        }
        touched.clear();
    }

    /**
     * Adds the sums of the points in {@code [x1, x2] × [y1, y2]} to {@code into} (one slot per
     * metric); adds nothing when either range is empty.
     */
    public void sum(int x1, int x2, int y1, int y2, long[] into) {
        if (x1 > x2 || y1 > y2) {
            return;
        }
        long x = x1;
        long end = x2;
        while (x <= end) {
            if ((x & (BLOCK - 1)) == 0 && x + BLOCK - 1 <= end) {
                Row b = blocks.get((int) (x >> BLOCK_SHIFT));
                if (b != null) {
                    b.sum(y1, y2, metrics, into);
                }
                x += BLOCK;
            } else {
                Row r = rows.get((int) x);
                if (r != null) {
                    r.sum(y1, y2, metrics, into);
                }
                x++;
            }
        }
    }

    /** Bytes held, roughly. */
    public long sizeInBytes() {
        long bytes = 0;
        for (Row r : rows.values()) {
            bytes += r.sizeInBytes();
        }
        for (Row r : blocks.values()) {
            bytes += r.sizeInBytes();
        }
        return bytes + (rows.size() + blocks.size()) * 24L;
    }

    /** Writes every row, sealed (running sums). */
    void writeTo(SnapshotOutput out) {
        if (!touched.isEmpty()) {
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
     * value of metric m at {@code ys[i]} — plain while {@code open}, else running sums over
     * {@code ys[0 .. i]}.
     */
    private static final class Row {
        int[] ys = new int[4];
        long[] values;
        int size;
        boolean open;

        void add(int y, long[] delta, int sign, int metrics, List<Row> touched) {
            if (!open) {
                open(metrics);
                touched.add(this);
            }
            int pos = Arrays.binarySearch(ys, 0, size, y);
            if (pos < 0) {
                pos = -pos - 1;
                insertAt(pos, y, metrics);
            }
            int base = pos * metrics;
            for (int m = 0; m < metrics; m++) {
                values[base + m] += sign * delta[m];
            }
        }

        /** Back from running sums to plain values (the writer is about to change them). */
        private void open(int metrics) {
            if (values == null) {
                values = new long[ys.length * metrics];
            }
            for (int i = size - 1; i > 0; i--) {
                int base = i * metrics;
                for (int m = 0; m < metrics; m++) {
                    values[base + m] -= values[base - metrics + m];
                }
            }
            open = true;
        }

        private void insertAt(int pos, int y, int metrics) {
            if (size == ys.length) {
                int n = Math.max(4, size + (size >> 1));
                ys = Arrays.copyOf(ys, n);
                values = Arrays.copyOf(values, n * metrics);
            }
            System.arraycopy(ys, pos, ys, pos + 1, size - pos);
            System.arraycopy(values, pos * metrics, values, (pos + 1) * metrics, (size - pos) * metrics);
            ys[pos] = y;
            Arrays.fill(values, pos * metrics, (pos + 1) * metrics, 0L);
            size++;
        }

        /** Drops cells that are all zero, then turns the values into running sums. */
        void seal(int metrics) {
            int kept = 0;
            for (int i = 0; i < size; i++) {
                int base = i * metrics;
                boolean zero = true;
                for (int m = 0; m < metrics && zero; m++) {
                    zero = values[base + m] == 0;
                }
                if (zero) {
                    continue;
                }
                if (kept != i) {
                    ys[kept] = ys[i];
                    System.arraycopy(values, base, values, kept * metrics, metrics);
                }
                kept++;
            }
            size = kept;
            for (int i = 1; i < size; i++) {
                int base = i * metrics;
                for (int m = 0; m < metrics; m++) {
                    values[base + m] += values[base - metrics + m];
                }
            }
            if (ys.length > size + (size >> 2) + 4) {
                ys = Arrays.copyOf(ys, size);
                values = Arrays.copyOf(values, size * metrics);
            }
            open = false;
        }

        /** Adds the running-sum difference for {@code y ∈ [y1, y2]}. */
        void sum(int y1, int y2, int metrics, long[] into) {
            int hi = upTo(y2);
            if (hi < 0) {
                return;
            }
            int lo = y1 == Integer.MIN_VALUE ? -1 : upTo(y1 - 1);
            int hb = hi * metrics;
            if (lo < 0) {
                for (int m = 0; m < metrics; m++) {
                    into[m] += values[hb + m];
                }
            } else if (lo != hi) {
                int lb = lo * metrics;
                for (int m = 0; m < metrics; m++) {
                    into[m] += values[hb + m] - values[lb + m];
                }
            }
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
            return 16L + ys.length * 4L + (values == null ? 0 : values.length * 8L);
        }
    }
}
