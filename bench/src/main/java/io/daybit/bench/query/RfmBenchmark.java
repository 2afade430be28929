package io.daybit.bench.query;

import io.daybit.bench.state.RfmScaleData;
import io.daybit.engine.Dataset;
import io.daybit.engine.analytics.MemberPage;
import io.daybit.engine.analytics.RfmCell;
import io.daybit.engine.analytics.RfmReport;
import io.daybit.engine.analytics.Segment;
import io.daybit.engine.analytics.TransitionBy;
import io.daybit.engine.analytics.TransitionMatrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * RFM questions at 1,000,000 accounts × 730 days (about 3 million orders): the matrix with revenue
 * by persona as of a random day and of today, a transition matrix between two random days, and a
 * page of 1,000 members (on a day whose cells are cached, and on a random day). The setup checks
 * the engine's matrix against a plain computation before anything is timed, and prints how long
 * the first query took (the sweep of every day).
 *
 * <p>Building the data takes minutes, so the dataset is kept in a static field and shared by the
 * benchmarks of one JVM: run without forking.
 * <pre>
 * java -Xmx8g [JVM flags of DEPENDENCIES.md] -jar bench/target/daybit-bench.jar RfmBenchmark -f 0 -wi 2 -w 2 -i 3 -r 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RfmBenchmark {
    @Param({"1000000"})
    public int accounts;
    @Param({"730"})
    public int days;

    private static RfmScaleData shared;
    private static String sharedKey;

    private Dataset ds;
    private LocalDate first;
    private final SplittableRandom random = new SplittableRandom(11);
    private String[] cursors;

    @Setup
    public synchronized void build() {
        String key = accounts + "x" + days;
        if (!key.equals(sharedKey)) {
            if (shared != null) {
                shared.close();
            }
            long t = System.nanoTime();
            shared = new RfmScaleData(accounts, days, 42);
            sharedKey = key;
            System.out.printf("%n%,d events (%,d orders) built in %.0f s%n", shared.events(), shared.orders(),
                    (System.nanoTime() - t) / 1e9);
            t = System.nanoTime();
            shared.dataset().rfm(RfmScaleData.END);
            System.out.printf("first RFM query, sweeping every day: %.0f ms%n", (System.nanoTime() - t) / 1e6);
            for (LocalDate d : new LocalDate[] {RfmScaleData.END, RfmScaleData.END.minusDays(300)}) {
                long[] want = shared.bruteForceCells(d);
                long[] got = new long[27];
                for (RfmCell c : shared.dataset().rfm(d).cells()) {
                    got[(c.r() - 1) * 9 + (c.f() - 1) * 3 + c.m() - 1] = c.customers();
                }
                if (!Arrays.equals(want, got)) {
                    throw new IllegalStateException("RFM cells of " + d + " differ from the plain computation");
                }
            }
        }
        ds = shared.dataset();
        first = shared.first();
        cursors = new String[64];
        for (int i = 0; i < cursors.length; i++) {
            cursors[i] = "c" + random.nextInt(accounts);
        }
    }

    private LocalDate randomDay() {
        return first.plusDays(random.nextInt(days));
    }

    @Benchmark
    public RfmReport rfmAnyDay() {
        return ds.rfm(randomDay());
    }

    @Benchmark
    public RfmReport rfmToday() {
        return ds.rfm(RfmScaleData.END);
    }

    @Benchmark
    public TransitionMatrix transitions() {
        int a = random.nextInt(days - 1);
        LocalDate d1 = first.plusDays(a);
        LocalDate d2 = d1.plusDays(1 + random.nextInt(days - 1 - a));
        return ds.transitions(d1, d2, TransitionBy.values()[random.nextInt(3)]);
    }

    /** A page of 1,000 from a random cursor, on today (whose cells stay cached). */
    @Benchmark
    public MemberPage membersPage() {
        return ds.members(RfmScaleData.END, Segment.persona("champions"), 1000,
                cursors[random.nextInt(cursors.length)]);
    }

    /** The first page of 1,000 of a random cell on a random day (cells rebuilt for the day). */
    @Benchmark
    public MemberPage membersPageAnyDay() {
        return ds.members(randomDay(), Segment.cell(1 + random.nextInt(3), 1 + random.nextInt(3),
                1 + random.nextInt(3)), 1000, null);
    }
}
