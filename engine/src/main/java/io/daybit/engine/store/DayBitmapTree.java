package io.daybit.engine.store;

import org.agrona.collections.Int2ObjectHashMap;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sets of accounts per day, with exact distinct counts over any range of days in
 * O(log days) bitmap unions instead of one union per day.
 *
 * <p>Level {@code L} holds, for each aligned block of 2<sup>L</sup> days (block {@code k} covers
 * epoch days {@code [k·2^L, (k+1)·2^L)}), the union of its days' bitmaps: a segment tree over the
 * whole calendar, sparse because levels are hash maps keyed by block number. A range [from, to] is
 * covered by at most two blocks per level (the canonical dyadic decomposition), so a 365-day range
 * is the union of at most ~16 bitmaps, most of them at the top levels where they are dense.
 *
 * <p>Adding an account to a day adds it to the day's block at every level, bottom up; the walk
 * stops at the first block that already had it, since every block above is a union that holds it.
 */
public final class DayBitmapTree {
    /** Blocks up to 2^12 = 4096 days (11 years) in one bitmap. */
    static final int LEVELS = 13;
    /** Epoch days an event can fall on in some time zone: the years 0001-9999, a day either side. */
    private static final int FIRST_POSSIBLE_DAY = (int) LocalDate.of(1, 1, 1).toEpochDay() - 1;
    private static final int LAST_POSSIBLE_DAY = (int) LocalDate.of(9999, 12, 31).toEpochDay() + 1;

    private final Level[] levels = new Level[LEVELS];
    /** The range of top-level block numbers in use (empty while min > max). */
    private int topMin = Integer.MAX_VALUE;
    private int topMax = Integer.MIN_VALUE;

    /** The blocks of one level, by block number. */
    private static final class Level {
        final Int2ObjectHashMap<RoaringBitmap> blocks = new Int2ObjectHashMap<>();
    }

    public DayBitmapTree() {
        for (int l = 0; l < LEVELS; l++) {
            levels[l] = new Level();
        }
    }

    /** Adds the account to the day's set; returns whether it was new for that day. */
    public boolean add(int epochDay, int account) {
        noteDay(epochDay);
        RoaringBitmap day = levels[0].blocks.get(epochDay);
        if (day == null) {
            day = new RoaringBitmap();
            levels[0].blocks.put(epochDay, day);
        }
        if (!day.checkedAdd(account)) {
            return false;
        }
        for (int l = 1; l < LEVELS; l++) {
            int block = epochDay >> l;
            RoaringBitmap b = levels[l].blocks.get(block);
            if (b == null) {
                b = new RoaringBitmap();
                levels[l].blocks.put(block, b);
            }
            if (!b.checkedAdd(account)) {
                // every block above already holds the account: they are unions of this one
                break;
            }
        }
        return true;
    }

    private void noteDay(int epochDay) {
        int top = epochDay >> (LEVELS - 1);
        topMin = Math.min(topMin, top);
        topMax = Math.max(topMax, top);
    }

    /**
     * Adds sets of accounts to several days at once: {@code sets[i]} to day {@code days[i]}, for
     * {@code i < n}, days ascending and distinct. Level by level, the sets of the days that share a
     * block are first united among themselves, then OR-ed into the block in place: one union per
     * touched block instead of one insertion per account and level, which is what makes bulk ingest
     * cheap. The given sets are not modified.
     */
    public void addAll(int[] days, RoaringBitmap[] sets, int n) {
        for (int i = 0; i < n; i++) {
            noteDay(days[i]);
        }
        int[] keys = Arrays.copyOf(days, n);
        RoaringBitmap[] unions = Arrays.copyOf(sets, n);
        int count = n;
        for (int l = 0; l < LEVELS; l++) {
            Int2ObjectHashMap<RoaringBitmap> blocks = levels[l].blocks;
            for (int i = 0; i < count; i++) {
                RoaringBitmap b = blocks.get(keys[i]);
                if (b == null) {
                    blocks.put(keys[i], unions[i].clone());
                } else {
                    b.or(unions[i]);
                }
            }
            // the blocks of the next level: neighbours with the same parent are united
            int m = 0;
            for (int i = 0; i < count; i++) {
                int parent = keys[i] >> 1;
                if (m > 0 && keys[m - 1] == parent) {
                    unions[m - 1] = RoaringBitmap.or(unions[m - 1], unions[i]);
                } else {
                    keys[m] = parent;
                    unions[m] = unions[i];
                    m++;
                }
            }
            count = m;
        }
    }

    /**
     * Removes the account from the day's set, and from each enclosing block that no longer has
     * another day with it.
     */
    public void remove(int epochDay, int account) {
        RoaringBitmap day = levels[0].blocks.get(epochDay);
        if (day == null || !day.checkedRemove(account)) {
            return;
        }
        for (int l = 1; l < LEVELS; l++) {
            int block = epochDay >> l;
            int left = block << 1;
            if (holds(l - 1, left, account) || holds(l - 1, left + 1, account)) {
                return;
            }
            RoaringBitmap b = levels[l].blocks.get(block);
            if (b != null) {
                b.remove(account);
            }
        }
    }

    private boolean holds(int level, int block, int account) {
        RoaringBitmap b = levels[level].blocks.get(block);
        return b != null && b.contains(account);
    }

    /** Whether the account is in the day's set. */
    public boolean contains(int epochDay, int account) {
        RoaringBitmap day = levels[0].blocks.get(epochDay);
        return day != null && day.contains(account);
    }

    /**
     * The latest day before {@code epochDay} whose set holds the account, or {@code none}: up the
     * tree to the first left neighbour block that holds it, then down that block's right edge,
     * about two contains checks per level instead of one per day.
     */
    public int previousDay(int epochDay, int account, int none) {
        int block = epochDay;
        for (int l = 0; l < LEVELS; l++, block >>= 1) {
            if ((block & 1) == 1 && holds(l, block - 1, account)) {
                return edgeDay(l, block - 1, account, true);
            }
        }
        // past the top level: its blocks are few (each spans 11 years), so they are simply tried
        for (int top = (epochDay >> (LEVELS - 1)) - 1; top >= topMin; top--) {
            if (holds(LEVELS - 1, top, account)) {
                return edgeDay(LEVELS - 1, top, account, true);
            }
        }
        return none;
    }

    /** The earliest day after {@code epochDay} whose set holds the account, or {@code none}. */
    public int nextDay(int epochDay, int account, int none) {
        int block = epochDay;
        for (int l = 0; l < LEVELS; l++, block >>= 1) {
            if ((block & 1) == 0 && holds(l, block + 1, account)) {
                return edgeDay(l, block + 1, account, false);
            }
        }
        for (int top = (epochDay >> (LEVELS - 1)) + 1; top <= topMax; top++) {
            if (holds(LEVELS - 1, top, account)) {
                return edgeDay(LEVELS - 1, top, account, false);
            }
        }
        return none;
    }

    /** The last (or first) day of a block that holds the account, which the block is known to hold. */
    private int edgeDay(int level, int block, int account, boolean last) {
        for (int l = level; l > 0; l--) {
            int preferred = (block << 1) + (last ? 1 : 0);
            block = holds(l - 1, preferred, account) ? preferred : (block << 1) + (last ? 0 : 1);
        }
        return block;
    }

    /**
     * Calls {@code visitor} for every day with a set, in ascending day order; the sets are the
     * tree's own and must not be modified.
     */
    public void forEachDay(DayVisitor visitor) {
        Int2ObjectHashMap<RoaringBitmap> days = levels[0].blocks;
        int[] keys = new int[days.size()];
        int[] n = {0};
        days.forEachInt((day, b) -> keys[n[0]++] = day);
        Arrays.sort(keys);
        for (int day : keys) {
            visitor.visit(day, days.get(day));
        }
    }

    /** Receives the days of a tree in {@link #forEachDay}. */
    @FunctionalInterface
    public interface DayVisitor {
        void visit(int epochDay, RoaringBitmap accounts);
    }

    /** The number of distinct accounts in the sets of days [from, to]. */
    public long distinctCount(int fromDay, int toDay) {
        List<RoaringBitmap> parts = cover(fromDay, toDay);
        if (parts.isEmpty()) {
            return 0;
        }
        if (parts.size() == 1) {
            return parts.get(0).getLongCardinality();
        }
        return FastAggregation.or(parts.iterator()).getLongCardinality();
    }

    /** A new bitmap with the union of the sets of days [from, to]; the caller owns it. */
    public RoaringBitmap union(int fromDay, int toDay) {
        List<RoaringBitmap> parts = cover(fromDay, toDay);
        if (parts.isEmpty()) {
            return new RoaringBitmap();
        }
        if (parts.size() == 1) {
            return parts.get(0).clone();
        }
        return FastAggregation.or(parts.iterator());
    }

    /**
     * The block bitmaps covering [from, to], at most two per level: walks from {@code from}
     * taking the largest aligned block that starts there and ends by {@code to}.
     */
    List<RoaringBitmap> cover(int fromDay, int toDay) {
        List<RoaringBitmap> parts = new ArrayList<>(2 * LEVELS);
        long day = fromDay;
        while (day <= toDay) {
            int level = 0;
            while (level + 1 < LEVELS
                    && (day & ((1L << (level + 1)) - 1)) == 0
                    && day + (1L << (level + 1)) - 1 <= toDay) {
                level++;
            }
            RoaringBitmap b = levels[level].blocks.get((int) (day >> level));
            if (b != null && !b.isEmpty()) {
                parts.add(b);
            }
            day += 1L << level;
        }
        return parts;
    }

    /**
     * Bytes held by the bitmaps of every level. Called by readers, several at once: it walks the
     * maps with {@code forEachInt}, never with an iterator, since Agrona's map hands out one shared
     * iterator object and concurrent walks would reset each other's position.
     */
    public long sizeInBytes() {
        long[] bytes = {0};
        for (Level level : levels) {
            level.blocks.forEachInt((block, b) -> bytes[0] += b.getLongSizeInBytes());
        }
        return bytes[0];
    }

    /** Writes the day sets; the blocks above them are rebuilt on reading. */
    void writeTo(SnapshotOutput out) {
        // forEachInt, not an iterator: Agrona's map reuses one iterator object, which queries on
        // other threads may be using at the same moment
        Int2ObjectHashMap<RoaringBitmap> days = levels[0].blocks;
        int[] keys = new int[days.size()];
        int[] n = {0};
        days.forEachInt((day, b) -> keys[n[0]++] = day);
        Arrays.sort(keys);
        out.writeInt(keys.length);
        for (int day : keys) {
            out.writeInt(day);
            out.writeBitmap(days.get(day));
        }
    }

    /**
     * Reads what {@link #writeTo} wrote into this empty tree, building every level above the days.
     *
     * @param accounts the number of accounts the snapshot holds: every member must be below it
     * @throws IllegalStateException when a day lies outside the years any instant falls in, or a
     *                               member is not an account: a damaged snapshot, refused before
     *                               anything sized by those values is allocated
     */
    void readFrom(SnapshotInput in, int accounts) {
        int n = in.readCount(8);
        for (int i = 0; i < n; i++) {
            int day = in.readInt();
            if (day < FIRST_POSSIBLE_DAY || day > LAST_POSSIBLE_DAY) {
                throw new IllegalStateException("day " + day + " in a snapshot's day sets is outside the years 0001-9999");
            }
            noteDay(day);
            RoaringBitmap b = new RoaringBitmap();
            in.readBitmap(b);
            if (!b.isEmpty() && (b.first() < 0 || b.last() < 0 || b.last() >= accounts)) {
                throw new IllegalStateException("a snapshot's day set names account " + b.last() + " of "
                        + accounts);
            }
            levels[0].blocks.put(day, b);
        }
        for (int l = 1; l < LEVELS; l++) {
            Int2ObjectHashMap<RoaringBitmap> below = levels[l - 1].blocks;
            Int2ObjectHashMap<RoaringBitmap> here = levels[l].blocks;
            below.forEachInt((block, child) -> {
                RoaringBitmap parent = here.get(block >> 1);
                if (parent == null) {
                    here.put(block >> 1, child.clone());
                } else {
                    parent.or(child);
                }
            });
        }
    }
}
