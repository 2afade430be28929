package io.daybit.engine.store;

import io.daybit.engine.model.Channel;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntArrayList;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The columns of purchase activity (METRICS.md §4): every order filed by the attributes that §4's
 * filters test, so that any combination of filters is answered from prefix sums, rectangle sums and
 * bitmaps instead of a scan of the orders.
 *
 * <p><b>What is filed where.</b> An order has order attributes (day, channel, store) and account
 * attributes (the account's consent <i>class</i> and its creation day, its <i>cohort</i>):
 *
 * <ul>
 *   <li>A <i>key</i> stands for one value of the order filters: {@link #KEY_ALL}, one per sales
 *       channel, and one per (channel, store) pair. An order is filed under every key it matches
 *       (two or three).</li>
 *   <li>The class of an account is the set of channels it is consented on, as a 3-bit number
 *       (bit = {@link Channel#ordinal()}); 0 also for every account never created, which the consent
 *       filter counts as "without". Every consent filter is a set of classes.</li>
 *   <li>Per key and class, five {@link DaySeries} ({@link #METRICS} metrics by order day) answer
 *       filters without recency; slot {@link #ALL_CLASSES} holds every class together.</li>
 *   <li>Per key and class, a {@link PlaneSums} over (cohort, order day) answers recency filters: the
 *       orders of accounts created in a window, placed in a range, are one rectangle.</li>
 *   <li>Per key, a {@link DayBitmapTree} of buyers by day gives distinct buyers under any account
 *       filter (a bitmap). For the unfiltered and consent-only cases, which must be fastest, the
 *       distinct count comes from <i>gap points</i> instead: one point (d, previous purchase day of
 *       the same account) per distinct purchase day d of an account, so that the buyers of
 *       [f, t] are exactly the points with d ∈ [f, t] and previous day &lt; f — a rectangle.</li>
 * </ul>
 *
 * <p><b>Consent and creation change after the orders.</b> Consent is current state and creation may
 * arrive late (or move earlier), so each account keeps the class and cohort its orders are filed
 * under, and a chain of its order rows; when either changes, the account's orders are taken out
 * and filed again. Buyers trees hold accounts, not classes, so they never move.
 *
 * <p><b>Single writer.</b> {@link #order} and {@link #accountChanged} are called by the dataset's
 * writer only (from {@link DatasetStore#apply}); readers use the query methods after
 * {@link #seal}, under the dataset's read lock.
 */
public final class PurchaseIndex {
    /** Number of consent classes (subsets of the three channels). */
    public static final int CLASSES = 8;
    /** The slot that aggregates every class (guests included). */
    public static final int ALL_CLASSES = CLASSES;
    /** Every class. */
    public static final int EVERY_CLASS = (1 << CLASSES) - 1;

    /** Metric slots: number of purchases. */
    public static final int PURCHASES = 0;
    /** Metric slots: Σ total of purchases. */
    public static final int PURCHASE_REVENUE = 1;
    /** Metric slots: Σ total of every order, refunds included. */
    public static final int REVENUE = 2;
    /** Metric slots: Σ items of purchases. */
    public static final int ITEMS = 3;
    /** Metric slots: Σ discount of purchases. */
    public static final int DISCOUNT = 4;
    /** Number of metric slots. */
    public static final int METRICS = 5;

    /** The key of every order. */
    public static final int KEY_ALL = 0;
    /** Cohort of an account never created. */
    static final int NOT_CREATED = Integer.MIN_VALUE;
    /** Previous purchase day of an account's first purchase day: below every real day. */
    static final int NO_PREVIOUS = Integer.MIN_VALUE;

    private static final int CHANNELS = Channel.values().length;
    private static final int SALES_CHANNELS = 2;

    private final AccountState state;
    private final OrderColumns orders;

    /** Per account: the class and cohort its orders are filed under, and its latest order row. */
    private byte[] filedClass = new byte[0];
    private int[] filedCohort = new int[0];
    private int[] lastOrder = new int[0];
    /**
     * Per account: its distinct purchase days, {@code [count, day1 < day2 < …]} (null: none) —
     * kept so that a purchase costs O(log days) whatever the number of the account's orders.
     */
    private int[][] purchaseDays = new int[0][];
    private int capacity;
    /** Per order row: the account's previous order row, or −1. */
    private int[] previousOrder = new int[1024];

    private Key[] keys = new Key[0];
    /** Gap points of key ALL per class slot (x = purchase day, y = previous purchase day). */
    private final PlaneSums[] gaps = new PlaneSums[CLASSES + 1];
    /** Created accounts consented per channel, and on any channel (current state). */
    private final RoaringBitmap[] consented = new RoaringBitmap[CHANNELS];
    private final RoaringBitmap consentedAny = new RoaringBitmap();
    private int minCohort = Integer.MAX_VALUE;
    private int maxCohort = Integer.MIN_VALUE;

    private static final DayBitmapTree NO_BUYERS = new DayBitmapTree();
    private final long[] scratch = new long[METRICS];
    private final long[] one = {1L};

    /** The columns filed under one key. */
    private static final class Key {
        /** [slot · METRICS + metric], slot = class or ALL_CLASSES. */
        final DaySeries[] totals = new DaySeries[(CLASSES + 1) * METRICS];
        /** Per class, created accounts only: (cohort, order day). Null until used. */
        final PlaneSums[] cohorts = new PlaneSums[CLASSES];
        final DayBitmapTree buyers = new DayBitmapTree();
        /** Buyers of this batch by day, added to {@link #buyers} in bulk on seal. */
        final Int2ObjectHashMap<IntArrayList> newBuyers = new Int2ObjectHashMap<>();

        Key() {
            for (int i = 0; i < totals.length; i++) {
                totals[i] = new DaySeries();
            }
        }
    }

    public PurchaseIndex(AccountState state, OrderColumns orders) {
        this.state = state;
        this.orders = orders;
        for (int c = 0; c < CHANNELS; c++) {
            consented[c] = new RoaringBitmap();
        }
        for (int s = 0; s <= CLASSES; s++) {
            gaps[s] = new PlaneSums(1);
        }
    }

    // ------------------------------------------------------------------ keys

    /** The key of a sales channel (by ordinal). */
    public static int channelKey(int channelOrdinal) {
        return 1 + channelOrdinal;
    }

    /** The key of a (sales channel, store) pair. */
    public static int storeKey(int channelOrdinal, int storeId) {
        return 1 + SALES_CHANNELS + storeId * SALES_CHANNELS + channelOrdinal;
    }

    /** Accounts with at least one purchase per day, whatever the channel or store; read-only. */
    public DayBitmapTree allBuyers() {
        return hasKey(KEY_ALL) ? keys[KEY_ALL].buyers : NO_BUYERS;
    }

    /** Whether any order was ever filed under the key. */
    public boolean hasKey(int key) {
        return key < keys.length && keys[key] != null;
    }

    private Key keyForWrite(int key) {
        if (key >= keys.length) {
            keys = Arrays.copyOf(keys, Math.max(key + 1, keys.length * 2));
        }
        Key k = keys[key];
        if (k == null) {
            k = new Key();
            keys[key] = k;
        }
        return k;
    }

    // ------------------------------------------------------------------ writes

    private void ensure(int account) {
        if (account < capacity) {
            return;
        }
        int n = Math.max(account + 1, capacity * 2);
        filedClass = Arrays.copyOf(filedClass, n);
        filedCohort = Arrays.copyOf(filedCohort, n);
        Arrays.fill(filedCohort, capacity, n, NOT_CREATED);
        lastOrder = Arrays.copyOf(lastOrder, n);
        Arrays.fill(lastOrder, capacity, n, -1);
        purchaseDays = Arrays.copyOf(purchaseDays, n);
        capacity = n;
    }

    /** Files the order just appended at {@code row} of the order columns. */
    public void order(int row) {
        int account = orders.account(row);
        ensure(account);
        if (row >= previousOrder.length) {
            previousOrder = Arrays.copyOf(previousOrder, Math.max(row + 1, previousOrder.length * 2));
        }
        boolean purchase = orders.total(row) > 0;
        int day = orders.day(row);
        if (purchase) {
            addPurchaseDay(account, day);
        }
        previousOrder[row] = lastOrder[account];
        lastOrder[account] = row;

        int k = filedClass[account];
        int cohort = filedCohort[account];
        if (metrics(row)) {
            int channel = orders.channel(row);
            int store = orders.store(row);
            fileNew(KEY_ALL, day, k, cohort);
            fileNew(channelKey(channel), day, k, cohort);
            if (store != OrderColumns.NO_STORE) {
                fileNew(storeKey(channel, store), day, k, cohort);
            }
        }
        if (purchase) {
            int channel = orders.channel(row);
            int store = orders.store(row);
            newBuyer(KEY_ALL, day, account);
            newBuyer(channelKey(channel), day, account);
            if (store != OrderColumns.NO_STORE) {
                newBuyer(storeKey(channel, store), day, account);
            }
        }
    }

    private void newBuyer(int key, int day, int account) {
        Int2ObjectHashMap<IntArrayList> pending = keyForWrite(key).newBuyers;
        IntArrayList accounts = pending.get(day);
        if (accounts == null) {
            accounts = new IntArrayList();
            pending.put(day, accounts);
        }
        accounts.addInt(account);
    }

    /** Files {@link #scratch} under a key for a new order: its class, and every class together. */
    private void fileNew(int key, int day, int k, int cohort) {
        Key kd = keyForWrite(key);
        addTotals(kd, ALL_CLASSES, day, 1);
        addTotals(kd, k, day, 1);
        if (cohort != NOT_CREATED) {
            cohorts(kd, k).add(cohort, day, scratch, 1);
        }
    }

    private void addTotals(Key kd, int slot, int day, int sign) {
        int base = slot * METRICS;
        for (int m = 0; m < METRICS; m++) {
            kd.totals[base + m].add(day, sign * scratch[m]);
        }
    }

    private static PlaneSums cohorts(Key kd, int k) {
        PlaneSums p = kd.cohorts[k];
        if (p == null) {
            p = new PlaneSums(METRICS);
            kd.cohorts[k] = p;
        }
        return p;
    }

    /** Puts the order's metrics in {@link #scratch}; false when they are all zero. */
    private boolean metrics(int row) {
        long total = orders.total(row);
        if (total > 0) {
            scratch[PURCHASES] = 1;
            scratch[PURCHASE_REVENUE] = total;
            scratch[ITEMS] = orders.items(row);
            scratch[DISCOUNT] = orders.discount(row);
        } else {
            scratch[PURCHASES] = 0;
            scratch[PURCHASE_REVENUE] = 0;
            scratch[ITEMS] = 0;
            scratch[DISCOUNT] = 0;
        }
        scratch[REVENUE] = total;
        return total != 0;
    }

    /**
     * Re-reads the account's class and cohort from the account state after an
     * {@code account_created}, {@code contact} or {@code consent} event, and files its orders
     * again when either changed.
     */
    public void accountChanged(int account) {
        ensure(account);
        boolean created = state.isCreated(account);
        int k = 0;
        if (created) {
            for (int c = 0; c < CHANNELS; c++) {
                if (state.consentedOn(Channel.ofOrdinal(c)).contains(account)) {
                    k |= 1 << c;
                }
            }
        }
        int cohort = created ? state.createdDay(account) : NOT_CREATED;
        int oldK = filedClass[account];
        int oldCohort = filedCohort[account];
        if (k == oldK && cohort == oldCohort) {
            return;
        }
        if (cohort != NOT_CREATED) {
            minCohort = Math.min(minCohort, cohort);
            maxCohort = Math.max(maxCohort, cohort);
        }
        for (int row = lastOrder[account]; row >= 0; row = previousOrder[row]) {
            if (!metrics(row)) {
                continue;
            }
            int day = orders.day(row);
            int channel = orders.channel(row);
            int store = orders.store(row);
            refile(KEY_ALL, day, oldK, oldCohort, k, cohort);
            refile(channelKey(channel), day, oldK, oldCohort, k, cohort);
            if (store != OrderColumns.NO_STORE) {
                refile(storeKey(channel, store), day, oldK, oldCohort, k, cohort);
            }
        }
        if (k != oldK) {
            int[] days = purchaseDays[account];
            int previous = NO_PREVIOUS;
            for (int i = 1, end = days == null ? 1 : 1 + days[0]; i < end; i++) {
                gaps[oldK].add(days[i], previous, one, -1);
                gaps[k].add(days[i], previous, one, 1);
                previous = days[i];
            }
            for (int c = 0; c < CHANNELS; c++) {
                if ((k & (1 << c)) != 0) {
                    consented[c].add(account);
                } else {
                    consented[c].remove(account);
                }
            }
            if (k != 0) {
                consentedAny.add(account);
            } else {
                consentedAny.remove(account);
            }
        }
        filedClass[account] = (byte) k;
        filedCohort[account] = cohort;
    }

    /** Moves {@link #scratch} under a key from (old class, old cohort) to (class, cohort). */
    private void refile(int key, int day, int oldK, int oldCohort, int k, int cohort) {
        Key kd = keys[key];
        if (k != oldK) {
            addTotals(kd, oldK, day, -1);
            addTotals(kd, k, day, 1);
        }
        if (oldCohort != NOT_CREATED) {
            cohorts(kd, oldK).add(oldCohort, day, scratch, -1);
        }
        if (cohort != NOT_CREATED) {
            cohorts(kd, k).add(cohort, day, scratch, 1);
        }
    }

    /**
     * Records a purchase on {@code day}: when the day is new for the account, between its purchase
     * days p and s, the gap point (s, p) becomes (s, day) and (day, p) is added.
     */
    private void addPurchaseDay(int account, int day) {
        int[] days = purchaseDays[account];
        int n = days == null ? 0 : days[0];
        int pos = n == 0 ? -2 : Arrays.binarySearch(days, 1, 1 + n, day);
        if (pos >= 0) {
            return;
        }
        int at = -pos - 1;
        int previous = at == 1 ? NO_PREVIOUS : days[at - 1];
        int k = filedClass[account];
        if (at <= n) {
            gapMove(k, days[at], previous, day);
        }
        gaps[k].add(day, previous, one, 1);
        gaps[ALL_CLASSES].add(day, previous, one, 1);
        insertPurchaseDay(account, days, n, at, day);
    }

    /** Inserts a new day at position {@code at} of the account's sorted purchase days. */
    private void insertPurchaseDay(int account, int[] days, int n, int at, int day) {
        if (days == null) {
            days = new int[3];
        } else if (n + 1 == days.length) {
            days = Arrays.copyOf(days, days.length + (days.length >> 1) + 1);
        }
        System.arraycopy(days, at, days, at + 1, n + 1 - at);
        days[at] = day;
        days[0] = n + 1;
        purchaseDays[account] = days;
    }

    private void gapMove(int k, int x, int fromY, int toY) {
        gaps[k].add(x, fromY, one, -1);
        gaps[k].add(x, toY, one, 1);
        gaps[ALL_CLASSES].add(x, fromY, one, -1);
        gaps[ALL_CLASSES].add(x, toY, one, 1);
    }

    /** Makes every write since the last seal visible to readers. */
    public void seal() {
        for (Key kd : keys) {
            if (kd == null) {
                continue;
            }
            for (DaySeries s : kd.totals) {
                s.seal();
            }
            if (!kd.newBuyers.isEmpty()) {
                addNewBuyers(kd);
            }
            for (PlaneSums p : kd.cohorts) {
                if (p != null) {
                    p.seal();
                }
            }
        }
        for (PlaneSums g : gaps) {
            g.seal();
        }
    }

    /** One bitmap per day of the batch, added to the tree in one go: far cheaper than single adds. */
    private static void addNewBuyers(Key kd) {
        int n = kd.newBuyers.size();
        int[] days = new int[n];
        int i = 0;
        for (Int2ObjectHashMap<IntArrayList>.KeyIterator it = kd.newBuyers.keySet().iterator(); it.hasNext(); ) {
            days[i++] = it.nextInt();
        }
        Arrays.sort(days);
        RoaringBitmap[] sets = new RoaringBitmap[n];
        for (i = 0; i < n; i++) {
            sets[i] = RoaringBitmap.bitmapOfUnordered(kd.newBuyers.get(days[i]).toIntArray());
        }
        kd.buyers.addAll(days, sets, n);
        kd.newBuyers.clear();
    }

    // ------------------------------------------------------------------ reads

    /**
     * Adds the metrics of the orders filed under {@code key} by accounts of the classes in
     * {@code classMask} (bit i = class i), placed in [from, to], to {@code into}.
     */
    public void totals(int key, int classMask, int from, int to, long[] into) {
        if (!hasKey(key)) {
            return;
        }
        DaySeries[] t = keys[key].totals;
        if (classMask == EVERY_CLASS) {
            addSeries(t, ALL_CLASSES, from, to, into, 1);
        } else if (Integer.bitCount(classMask) > CLASSES / 2) {
            addSeries(t, ALL_CLASSES, from, to, into, 1);
            for (int k = 0; k < CLASSES; k++) {
                if ((classMask & (1 << k)) == 0) {
                    addSeries(t, k, from, to, into, -1);
                }
            }
        } else {
            for (int k = 0; k < CLASSES; k++) {
                if ((classMask & (1 << k)) != 0) {
                    addSeries(t, k, from, to, into, 1);
                }
            }
        }
    }

    private static void addSeries(DaySeries[] t, int slot, int from, int to, long[] into, int sign) {
        int base = slot * METRICS;
        for (int m = 0; m < METRICS; m++) {
            into[m] += sign * t[base + m].sum(from, to);
        }
    }

    /**
     * Adds the metrics of the orders filed under {@code key} by accounts of the classes in
     * {@code classMask} created in [cohortFrom, cohortTo], placed in [from, to], to {@code into}.
     */
    public void cohortTotals(int key, int classMask, int cohortFrom, int cohortTo, int from, int to, long[] into) {
        if (!hasKey(key)) {
            return;
        }
        PlaneSums[] p = keys[key].cohorts;
        for (int k = 0; k < CLASSES; k++) {
            if ((classMask & (1 << k)) != 0 && p[k] != null) {
                p[k].sum(cohortFrom, cohortTo, from, to, into);
            }
        }
    }

    /**
     * Distinct accounts of the classes in {@code classMask} with a purchase in [from, to], over
     * every order (key ALL): the gap points with purchase day in [from, to] and previous purchase
     * day before {@code from}.
     */
    public long buyers(int classMask, int from, int to) {
        long[] acc = new long[1];
        if (classMask == EVERY_CLASS) {
            gaps[ALL_CLASSES].sum(from, to, NO_PREVIOUS, from - 1, acc);
        } else if (Integer.bitCount(classMask) > CLASSES / 2) {
            gaps[ALL_CLASSES].sum(from, to, NO_PREVIOUS, from - 1, acc);
            long[] minus = new long[1];
            for (int k = 0; k < CLASSES; k++) {
                if ((classMask & (1 << k)) == 0) {
                    gaps[k].sum(from, to, NO_PREVIOUS, from - 1, minus);
                }
            }
            acc[0] -= minus[0];
        } else {
            for (int k = 0; k < CLASSES; k++) {
                if ((classMask & (1 << k)) != 0) {
                    gaps[k].sum(from, to, NO_PREVIOUS, from - 1, acc);
                }
            }
        }
        return acc[0];
    }

    /**
     * Distinct accounts with a purchase in [from, to] filed under any of {@code keyList}, that are
     * in {@code within} (null: any account) and in {@code consent} — or, when {@code negate}, not
     * in {@code consent} (null: no consent test).
     */
    public long buyers(int[] keyList, int from, int to, RoaringBitmap within, RoaringBitmap consent,
                       boolean negate) {
        List<RoaringBitmap> parts = new ArrayList<>();
        for (int key : keyList) {
            if (hasKey(key)) {
                parts.addAll(keys[key].buyers.cover(from, to));
            }
        }
        if (parts.isEmpty()) {
            return 0;
        }
        RoaringBitmap bought = parts.size() == 1 ? parts.get(0) : FastAggregation.or(parts.iterator());
        RoaringBitmap x = within == null ? bought : RoaringBitmap.and(bought, within);
        if (consent == null) {
            return x.getLongCardinality();
        }
        long both = RoaringBitmap.andCardinality(x, consent);
        return negate ? x.getLongCardinality() - both : both;
    }

    /** Created accounts consented on the channel (current state); read-only. */
    public RoaringBitmap consentedOn(Channel channel) {
        return consented[channel.ordinal()];
    }

    /** Created accounts consented on at least one channel (current state); read-only. */
    public RoaringBitmap consentedAny() {
        return consentedAny;
    }

    /** The earliest creation day ever filed, or {@link Integer#MAX_VALUE} when none. */
    public int minCohort() {
        return minCohort;
    }

    /** The latest creation day ever filed (an upper bound of today's latest), or {@link Integer#MIN_VALUE}. */
    public int maxCohort() {
        return maxCohort;
    }

    /** Bytes held, roughly. */
    public long sizeInBytes() {
        long bytes = (long) capacity * (1 + 4 + 4 + 8) + previousOrder.length * 4L + consentedAny.getLongSizeInBytes();
        for (int[] days : purchaseDays) {
            bytes += days == null ? 0 : 16 + days.length * 4L;
        }
        for (RoaringBitmap b : consented) {
            bytes += b.getLongSizeInBytes();
        }
        for (PlaneSums g : gaps) {
            bytes += g.sizeInBytes();
        }
        for (Key kd : keys) {
            if (kd == null) {
                continue;
            }
            for (DaySeries s : kd.totals) {
                bytes += s.sizeInBytes();
            }
            for (PlaneSums p : kd.cohorts) {
                if (p != null) {
                    bytes += p.sizeInBytes();
                }
            }
            bytes += kd.buyers.sizeInBytes();
        }
        return bytes;
    }

    // ------------------------------------------------------------------ snapshots

    /**
     * Recomputes every account's distinct purchase days from the order columns (read already):
     * they are derived data, so a snapshot need not carry them.
     */
    private void rebuildPurchaseDays() {
        purchaseDays = new int[capacity][];
        for (int row = 0, rows = orders.size(); row < rows; row++) {
            if (orders.total(row) <= 0) {
                continue;
            }
            int account = orders.account(row);
            int[] days = purchaseDays[account];
            int n = days == null ? 0 : days[0];
            int pos = n == 0 ? -2 : Arrays.binarySearch(days, 1, 1 + n, orders.day(row));
            if (pos < 0) {
                insertPurchaseDay(account, days, n, -pos - 1, orders.day(row));
            }
        }
    }

    /** Writes every column of the index, sealed. */
    void writeTo(SnapshotOutput out) {
        out.writeInt(capacity);
        out.writeBytes(filedClass, capacity);
        out.writeInts(filedCohort, capacity);
        out.writeInts(lastOrder, capacity);
        out.writeInts(previousOrder, orders.size());
        out.writeInt(keys.length);
        for (Key kd : keys) {
            out.writeByte(kd == null ? 0 : 1);
            if (kd == null) {
                continue;
            }
            for (DaySeries s : kd.totals) {
                s.writeTo(out);
            }
            for (PlaneSums p : kd.cohorts) {
                out.writeByte(p == null ? 0 : 1);
                if (p != null) {
                    p.writeTo(out);
                }
            }
            kd.buyers.writeTo(out);
        }
        for (PlaneSums g : gaps) {
            g.writeTo(out);
        }
        for (RoaringBitmap b : consented) {
            out.writeBitmap(b);
        }
        out.writeBitmap(consentedAny);
        out.writeInt(minCohort);
        out.writeInt(maxCohort);
    }

    /** Reads what {@link #writeTo} wrote into this empty index (its order columns read already). */
    void readFrom(SnapshotInput in) {
        int n = in.readCount(0);
        filedClass = in.readBytes();
        filedCohort = in.readInts();
        lastOrder = in.readInts();
        if (filedClass.length != n || filedCohort.length != n || lastOrder.length != n) {
            throw new IllegalStateException("damaged purchase index in a snapshot");
        }
        capacity = n;
        int[] previous = in.readInts();
        if (previous.length != orders.size()) {
            throw new IllegalStateException("purchase index of " + previous.length + " orders, expected "
                    + orders.size());
        }
        previousOrder = Arrays.copyOf(previous, Math.max(1024, previous.length));
        rebuildPurchaseDays();
        keys = new Key[in.readCount(1)];
        for (int k = 0; k < keys.length; k++) {
            if (in.readByte() == 0) {
                continue;
            }
            Key kd = new Key();
            for (DaySeries s : kd.totals) {
                s.readFrom(in);
            }
            for (int c = 0; c < kd.cohorts.length; c++) {
                if (in.readByte() != 0) {
                    kd.cohorts[c] = new PlaneSums(METRICS);
                    kd.cohorts[c].readFrom(in);
                }
            }
            kd.buyers.readFrom(in, capacity);
            keys[k] = kd;
        }
        for (PlaneSums g : gaps) {
            g.readFrom(in);
        }
        for (RoaringBitmap b : consented) {
            in.readBitmap(b);
        }
        in.readBitmap(consentedAny);
        minCohort = in.readInt();
        maxCohort = in.readInt();
    }
}
