package io.daybit.bench.query;

import io.daybit.bench.state.PurchaseScaleData;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.PurchaseActivity;
import io.daybit.engine.query.PurchaseFilter;
import io.daybit.engine.query.TimeSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.LocalDate;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Purchase activity (METRICS.md §4) with its previous-period comparison over a random range of
 * {@code rangeDays} days (a different one per call), under each filter combination of
 * {@code filter} (query-string syntax), at 1,000,000 accounts × 730 days and 4 orders per account by
 * default. Before timing, the setup checks the engine against a loop over every order for each
 * filter on a few ranges and refuses to run when they differ.
 *
 * <pre>
 * java -jar bench/target/daybit-bench.jar PurchaseActivityBenchmark -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx10g", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
public class PurchaseActivityBenchmark {
    @Param({"1000000"})
    public int accounts;
    @Param({"730"})
    public int days;
    @Param({"4"})
    public double ordersPerAccount;
    @Param({"365"})
    public int rangeDays;
    @Param({
        "none",
        "consent=with",
        "consent=without&consent_channel=sms",
        "recency=new_30d",
        "recency=new_12m",
        "channel=web",
        "store=Store 3",
        "consent=with&recency=new_12m",
        "consent=with&consent_channel=email&recency=new_12m&channel=store&store=Store 3",
        "consent=without&recency=new_30d&channel=web",
    })
    public String filter;

    private PurchaseScaleData data;
    private PurchaseFilter purchaseFilter;
    private final SplittableRandom random = new SplittableRandom(7);
    private LocalDate first;

    @Setup(Level.Trial)
    public void build() {
        data = new PurchaseScaleData(accounts, days, ordersPerAccount, 42);
        first = PurchaseScaleData.END.minusDays(days - 1L);
        purchaseFilter = parse(filter);
        System.out.printf("%n%,d events, %.0f events/s ingest, store %,d bytes%n",
                data.events(), data.ingestEventsPerSecond(), data.dataset().sizeInBytes());
        for (int i = 0; i < 3; i++) {
            check(nextRange());
        }
    }

    /** Fails the trial when the engine and the brute-force loop disagree on a range or its comparison. */
    private void check(DayRange range) {
        PurchaseActivity a = query(range);
        long[] now = data.bruteForce(range, purchaseFilter);
        long[] before = data.bruteForce(range.previousPeriod(), purchaseFilter);
        String got = a.purchases().value() + " " + a.buyers().value() + " " + a.revenue().value() + " "
                + a.purchaseRevenue().value() + " " + a.itemsPerPurchase().value() + " " + a.discount().value()
                + " / " + a.purchases().previous() + " " + a.buyers().previous() + " " + a.revenue().previous() + " "
                + a.purchaseRevenue().previous() + " " + a.itemsPerPurchase().previous() + " "
                + a.discount().previous();
        String want = line(now) + " / " + line(before);
        if (!got.equals(want)) {
            throw new IllegalStateException("engine " + got + " but brute force " + want + " for " + range + " "
                    + filter);
        }
    }

    private static String line(long[] v) {
        Double itemsPerPurchase = v[0] == 0 ? null : (double) v[4] / v[0];
        return v[0] + " " + v[1] + " " + v[2] + " " + v[3] + " " + itemsPerPurchase + " " + v[5];
    }

    private DayRange nextRange() {
        LocalDate from = first.plusDays(random.nextInt(days - rangeDays + 1));
        return new DayRange(from, from.plusDays(rangeDays - 1L));
    }

    private PurchaseActivity query(DayRange range) {
        return data.dataset().purchases(TimeSpec.of(range).today(PurchaseScaleData.END), purchaseFilter);
    }

    @TearDown(Level.Trial)
    public void close() {
        data.close();
    }

    @Benchmark
    public PurchaseActivity purchases() {
        return query(nextRange());
    }

    /** A filter in the HTTP API's query-string syntax (without percent-encoding). */
    static PurchaseFilter parse(String query) {
        PurchaseFilter.Consent consent = null;
        Channel consentChannel = null;
        PurchaseFilter.Recency recency = null;
        SalesChannel channel = null;
        String store = null;
        if (!query.equals("none")) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                switch (kv[0]) {
                    case "consent" -> consent = PurchaseFilter.Consent.fromWire(kv[1]);
                    case "consent_channel" -> consentChannel = Channel.fromWire(kv[1]);
                    case "recency" -> recency = PurchaseFilter.Recency.fromWire(kv[1]);
                    case "channel" -> channel = SalesChannel.fromWire(kv[1]);
                    case "store" -> store = kv[1];
                    default -> throw new IllegalArgumentException("unknown filter " + kv[0]);
                }
            }
        }
        return new PurchaseFilter(consent, consentChannel, recency, channel, store);
    }
}
