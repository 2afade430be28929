package io.daybit.bench.query;

import io.daybit.bench.state.HubScaleData;
import io.daybit.engine.query.HubOverview;
import io.daybit.engine.query.TimeSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
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
 * Hub overview with its previous-period comparison over a random range of {@code rangeDays} days
 * (a different one per call), at 1,000,000 accounts × 730 days by default.
 *
 * <pre>
 * java -Xmx12g -jar bench/target/daybit-bench.jar HubOverviewBenchmark -bm sample -tu us -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HubOverviewBenchmark {
    @Param({"1000000"})
    public int accounts;
    @Param({"730"})
    public int days;
    @Param({"30", "365"})
    public int rangeDays;

    private HubScaleData data;
    private final SplittableRandom random = new SplittableRandom(7);
    private LocalDate first;

    @Setup(Level.Trial)
    public void build() {
        data = new HubScaleData(accounts, days, 0.05, 42);
        first = HubScaleData.END.minusDays(days - 1L);
        System.out.printf("%n%,d events, %.0f events/s ingest, store %,d bytes%n",
                data.events(), data.ingestEventsPerSecond(), data.dataset().sizeInBytes());
    }

    @TearDown(Level.Trial)
    public void close() {
        data.close();
    }

    @Benchmark
    public HubOverview overview() {
        LocalDate from = first.plusDays(random.nextInt(days - rangeDays + 1));
        return data.dataset().hubOverview(TimeSpec.of(from, from.plusDays(rangeDays - 1L)).today(HubScaleData.END));
    }
}
