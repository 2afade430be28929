package io.daybit.bench.state;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.model.AccountCreated;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.ConsentChanged;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.Order;
import io.daybit.engine.model.OrderLine;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.PurchaseFilter;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The Customer &amp; Business dashboard's shape at scale, built straight into an engine and kept
 * beside it as primitive columns so that a brute-force loop can check the engine's answers:
 * {@code accounts} accounts (one in ten a guest) created uniformly over {@code days} days with
 * random contacts and consents (and a later consent change for one in twenty), and
 * {@code ordersPerAccount} orders per account on average — most placed after the account's
 * creation, 30% in one of {@link #STORES} stores, 8% refunds. Seeded: every run builds the same data.
 */
public final class PurchaseScaleData implements AutoCloseable {
    /** The last day of the data. */
    public static final LocalDate END = LocalDate.of(2025, 12, 31);
    /** How many store names. */
    public static final int STORES = 20;
    private static final long DAY_MICROS = 86_400_000_000L;
    private static final int GUEST = Integer.MIN_VALUE;

    private final Engine engine = Engine.inMemory();
    private final Dataset dataset;
    private final long events;
    private final double ingestEventsPerSecond;

    // the raw data, for the brute-force check
    private final int[] createdDay;
    private final byte[] consented;
    private final int orders;
    private final int[] orderAccount;
    private final int[] orderDay;
    private final long[] orderTotal;
    private final long[] orderItems;
    private final long[] orderDiscount;
    private final byte[] orderChannel;
    private final byte[] orderStore;

    public PurchaseScaleData(int accounts, int days, double ordersPerAccount, long seed) {
        dataset = engine.createDataset("bench", DatasetSettings.defaults());
        SplittableRandom random = new SplittableRandom(seed);
        int firstDay = (int) END.minusDays(days - 1L).toEpochDay();
        createdDay = new int[accounts];
        consented = new byte[accounts];
        long[] createdTs = new long[accounts];
        long count = 0;
        long start = System.nanoTime();
        List<Event> batch = new ArrayList<>(64 * 1024);
        for (int a = 0; a < accounts; a++) {
            if (random.nextInt(10) == 0) {
                createdDay[a] = GUEST;
                continue;
            }
            int day = firstDay + random.nextInt(days);
            long ts = micros(day) + random.nextLong(DAY_MICROS / 2);
            createdDay[a] = day;
            createdTs[a] = ts;
            Set<Channel> contacts = EnumSet.noneOf(Channel.class);
            Map<Channel, Boolean> consents = new EnumMap<>(Channel.class);
            int valid = 0;
            int granted = 0;
            for (Channel c : Channel.values()) {
                if (random.nextInt(10) < 7) {
                    contacts.add(c);
                    valid |= 1 << c.ordinal();
                }
                boolean g = random.nextInt(10) < 4;
                consents.put(c, g);
                granted |= g ? 1 << c.ordinal() : 0;
            }
            batch.add(new AccountCreated(id(a), ts, null, contacts, consents));
            if (random.nextInt(20) == 0) {
                Channel c = Channel.values()[random.nextInt(3)];
                boolean g = random.nextBoolean();
                batch.add(new ConsentChanged(id(a), ts + 1 + random.nextLong(30 * DAY_MICROS), null, c, g));
                granted = g ? granted | 1 << c.ordinal() : granted & ~(1 << c.ordinal());
            }
            consented[a] = (byte) (valid & granted);
            if (batch.size() >= 64 * 1024) {
                count += flush(batch);
            }
        }
        orders = (int) (accounts * ordersPerAccount);
        orderAccount = new int[orders];
        orderDay = new int[orders];
        orderTotal = new long[orders];
        orderItems = new long[orders];
        orderDiscount = new long[orders];
        orderChannel = new byte[orders];
        orderStore = new byte[orders];
        int lastDay = firstDay + days - 1;
        for (int i = 0; i < orders; i++) {
            int a = random.nextInt(accounts);
            int c = createdDay[a];
            int day = c != GUEST && random.nextInt(20) != 0 ? c + random.nextInt(lastDay - c + 1)
                    : firstDay + random.nextInt(days);
            boolean store = random.nextInt(10) < 3;
            int storeId = store || random.nextInt(50) == 0 ? random.nextInt(STORES) : -1;
            long quantity = 1 + random.nextInt(4);
            long amount = 100 + random.nextInt(50_000);
            long discount = random.nextInt(3) == 0 ? random.nextInt(500) : 0;
            if (random.nextInt(100) < 8) {
                quantity = -quantity;
                amount = -amount;
                discount = 0;
            }
            orderAccount[i] = a;
            orderDay[i] = day;
            orderTotal[i] = amount;
            orderItems[i] = quantity;
            orderDiscount[i] = discount;
            orderChannel[i] = (byte) (store ? SalesChannel.STORE.ordinal() : SalesChannel.WEB.ordinal());
            orderStore[i] = (byte) storeId;
            batch.add(new Order(id(a), micros(day) + random.nextLong(DAY_MICROS), null, "o" + i,
                    store ? SalesChannel.STORE : SalesChannel.WEB, storeId < 0 ? null : storeName(storeId),
                    false, List.of(new OrderLine("p" + random.nextInt(100), quantity, amount, discount, false))));
            if (batch.size() >= 64 * 1024) {
                count += flush(batch);
            }
        }
        count += flush(batch);
        double seconds = (System.nanoTime() - start) / 1e9;
        events = count;
        ingestEventsPerSecond = count / seconds;
    }

    /** The name of store {@code i}. */
    public static String storeName(int i) {
        return "Store " + i;
    }

    private static String id(int account) {
        return "a" + account;
    }

    private static long micros(int epochDay) {
        return LocalDate.ofEpochDay(epochDay).atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
    }

    private long flush(List<Event> batch) {
        int n = dataset.ingest(batch).accepted();
        batch.clear();
        return n;
    }

    public Dataset dataset() {
        return dataset;
    }

    public long events() {
        return events;
    }

    /** Events per second of building the data (record creation + ingest), a lower bound of ingest speed. */
    public double ingestEventsPerSecond() {
        return ingestEventsPerSecond;
    }

    /**
     * Purchase activity of one period by a loop over every order (METRICS.md §4 literally):
     * {purchases, buyers, revenue, purchase revenue, items, discount}.
     */
    public long[] bruteForce(DayRange range, PurchaseFilter f) {
        int from = range.fromEpochDay();
        int to = range.toEpochDay();
        int windowStart = Integer.MIN_VALUE;
        if (f.recency() != null) {
            windowStart = (int) (f.recency() == PurchaseFilter.Recency.NEW_30D ? range.to().minusDays(29)
                    : range.to().minusMonths(12).plusDays(1)).toEpochDay();
        }
        int storeId = -1;
        if (f.store() != null) {
            for (int s = 0; s < STORES; s++) {
                if (storeName(s).equals(f.store())) {
                    storeId = s;
                }
            }
            if (storeId < 0) {
                return new long[6];
            }
        }
        long[] out = new long[6];
        BitSet buyers = new BitSet(createdDay.length);
        for (int i = 0; i < orders; i++) {
            int day = orderDay[i];
            if (day < from || day > to) {
                continue;
            }
            int a = orderAccount[i];
            int c = createdDay[a];
            if (f.consent() != null) {
                int bits = c == GUEST ? 0 : consented[a];
                boolean on = f.consentChannel() == null ? bits != 0 : (bits & (1 << f.consentChannel().ordinal())) != 0;
                if (on != (f.consent() == PurchaseFilter.Consent.WITH)) {
                    continue;
                }
            }
            if (f.recency() != null && (c == GUEST || c < windowStart || c > to)) {
                continue;
            }
            if (f.channel() != null && orderChannel[i] != f.channel().ordinal()) {
                continue;
            }
            if (f.store() != null && orderStore[i] != storeId) {
                continue;
            }
            long total = orderTotal[i];
            out[2] += total;
            if (total > 0) {
                out[0]++;
                buyers.set(a);
                out[3] += total;
                out[4] += orderItems[i];
                out[5] += orderDiscount[i];
            }
        }
        out[1] = buyers.cardinality();
        return out;
    }

    @Override
    public void close() {
        engine.close();
    }
}
