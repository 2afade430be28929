package io.daybit.bench.state;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.model.AccountCreated;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.Order;
import io.daybit.engine.model.OrderLine;
import io.daybit.engine.model.SalesChannel;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * An RFM-shaped dataset at scale, built straight into an engine: {@code accounts} accounts created
 * over the first 80% of {@code days}; 65% of them buy, 1 + Geometric(mean 4) times each, on days
 * spread over an active span that ends before the last day for most (so customers lapse), with
 * log-normal totals (median about 36.00) and one refund in 25 orders; guests place 3% of orders.
 * Seeded, so every run builds the same data. Keeps (account, day, total) of every order so that a
 * benchmark can check the engine against a plain computation before timing it.
 */
public final class RfmScaleData implements AutoCloseable {
    public static final LocalDate END = LocalDate.of(2025, 12, 31);

    private final Engine engine = Engine.inMemory();
    private final Dataset dataset;
    private final LocalDate first;
    private final long events;
    private final double ingestEventsPerSecond;
    private int[] orderAccount = new int[1 << 20];
    private int[] orderDay = new int[1 << 20];
    private long[] orderTotal = new long[1 << 20];
    private int orders;
    private final List<String> ids = new ArrayList<>();

    public RfmScaleData(int accounts, int days, long seed) {
        dataset = engine.createDataset("rfm-bench", DatasetSettings.defaults());
        SplittableRandom random = new SplittableRandom(seed);
        first = END.minusDays(days - 1L);
        long firstMicros = first.atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
        long dayMicros = 86_400_000_000L;
        int guests = Math.max(1, accounts / 20);
        for (int a = 0; a < accounts; a++) {
            ids.add("c" + a);
        }
        for (int g = 0; g < guests; g++) {
            ids.add("g" + g);
        }
        List<Event> batch = new ArrayList<>(64 * 1024);
        long count = 0;
        long start = System.nanoTime();
        for (int a = 0; a < accounts; a++) {
            int created = random.nextInt(Math.max(1, days * 4 / 5));
            batch.add(new AccountCreated(ids.get(a), firstMicros + created * dayMicros + random.nextLong(dayMicros),
                    null, Set.of(), Map.of()));
            if (random.nextInt(100) < 65) {
                int k = 1 + (int) (-Math.log(1 - random.nextDouble()) * 4);
                int remaining = days - created;
                int span = 1 + random.nextInt(Math.max(1, random.nextInt(4) == 0 ? remaining : remaining / 2));
                for (int i = 0; i < k; i++) {
                    int account = random.nextInt(100) < 3 ? accounts + random.nextInt(guests) : a;
                    int day = created + random.nextInt(span);
                    long total = (long) Math.exp(8.2 + 0.9 * random.nextGaussian(0, 1)) + 1;
                    if (random.nextInt(25) == 0) {
                        total = -(total / 2 + 1);
                    }
                    batch.add(order(account, firstMicros + day * dayMicros + random.nextLong(dayMicros), total,
                            (int) (first.toEpochDay() + day)));
                }
            }
            if (batch.size() >= 64 * 1024) {
                count += flush(batch);
            }
        }
        count += flush(batch);
        events = count;
        ingestEventsPerSecond = count / ((System.nanoTime() - start) / 1e9);
    }

    /** An order of one line, remembered for {@link #bruteForceCells}. */
    private Order order(int account, long tsMicros, long total, int epochDay) {
        if (orders == orderAccount.length) {
            orderAccount = Arrays.copyOf(orderAccount, orders * 2);
            orderDay = Arrays.copyOf(orderDay, orders * 2);
            orderTotal = Arrays.copyOf(orderTotal, orders * 2);
        }
        orderAccount[orders] = account;
        orderDay[orders] = epochDay;
        orderTotal[orders] = total;
        String id = "o" + orders++;
        return new Order(ids.get(account), tsMicros, null, id, SalesChannel.WEB, null, false,
                List.of(new OrderLine("p", total > 0 ? 1 : -1, total, 0, false)));
    }

    private long flush(List<Event> batch) {
        int n = dataset.ingest(batch).accepted();
        batch.clear();
        return n;
    }

    /**
     * Customers per cell (index (r−1)·9 + (f−1)·3 + m−1) as of a day under the default settings,
     * computed plainly from the generated orders: per-account arrays, sorted columns for the
     * tertiles. For checking the engine, not for speed.
     */
    public long[] bruteForceCells(LocalDate asOf) {
        int d = (int) asOf.toEpochDay();
        int n = ids.size();
        int[] last = new int[n];
        Arrays.fill(last, Integer.MIN_VALUE);
        long[] f = new long[n];
        long[] m = new long[n];
        for (int o = 0; o < orders; o++) {
            if (orderTotal[o] > 0 && orderDay[o] <= d && orderDay[o] > d - 365) {
                int a = orderAccount[o];
                last[a] = Math.max(last[a], orderDay[o]);
                f[a]++;
                m[a] += orderTotal[o];
            }
        }
        int customers = 0;
        for (int a = 0; a < n; a++) {
            if (f[a] > 0) {
                customers++;
            }
        }
        long[] rs = new long[customers];
        long[] fs = new long[customers];
        long[] ms = new long[customers];
        int c = 0;
        for (int a = 0; a < n; a++) {
            if (f[a] > 0) {
                rs[c] = d - last[a];
                fs[c] = f[a];
                ms[c++] = m[a];
            }
        }
        Arrays.sort(rs);
        Arrays.sort(fs);
        Arrays.sort(ms);
        int p1 = (customers + 2) / 3 - 1;
        int p2 = (2 * customers + 2) / 3 - 1;
        long[] cells = new long[27];
        for (int a = 0; a < n; a++) {
            if (f[a] > 0) {
                long rec = d - last[a];
                int r = rec <= rs[p1] ? 3 : rec <= rs[p2] ? 2 : 1;
                int fr = f[a] <= fs[p1] ? 1 : f[a] <= fs[p2] ? 2 : 3;
                int mo = m[a] <= ms[p1] ? 1 : m[a] <= ms[p2] ? 2 : 3;
                cells[(r - 1) * 9 + (fr - 1) * 3 + mo - 1]++;
            }
        }
        return cells;
    }

    public Dataset dataset() {
        return dataset;
    }

    /** The first day of the data. */
    public LocalDate first() {
        return first;
    }

    public long events() {
        return events;
    }

    /** Orders generated (purchases and refunds). */
    public int orders() {
        return orders;
    }

    /** Events per second of building the data (record creation + ingest). */
    public double ingestEventsPerSecond() {
        return ingestEventsPerSecond;
    }

    @Override
    public void close() {
        engine.close();
    }
}
