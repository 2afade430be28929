package io.daybit.bench.ingest;

import io.daybit.bench.state.BenchData;
import io.daybit.bench.state.EventSource;
import io.daybit.bench.state.Jvm;
import io.daybit.bench.state.Profile;
import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.model.Event;
import io.daybit.engine.query.PurchaseFilter;
import io.daybit.engine.query.TimeSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest through the engine's single writer: every event of a profile, generated beforehand (so
 * generation is not timed), applied in batches of {@value BenchData#BATCH} to an empty dataset.
 * One operation is the whole profile; events per second = {@link #events()} / the time of one
 * operation. With {@code readers > 0}, that many threads ask hub overviews and purchase activity
 * over random ranges of the dataset being filled the whole time (queries take the read lock that
 * each batch's apply excludes).
 *
 * <pre>
 * java -Xmx4g -jar bench/target/daybit-bench.jar IngestBenchmark -p profile=quick -p readers=0,1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {Jvm.OPENS_LANG, Jvm.OPENS_REFLECT, Jvm.OPENS_NIO, Jvm.EXPORTS_CH,
        Jvm.EXPORTS_MISC, Jvm.EXPORTS_REF, Jvm.EXPORTS_JAVAC})
public class IngestBenchmark {
    @Param({"quick"})
    public String profile;
    @Param({"0", "1"})
    public int readers;

    private final List<List<Event>> batches = new ArrayList<>();
    private long events;
    private Engine engine;
    private Dataset dataset;
    private volatile boolean reading;
    private final List<Thread> readerThreads = new ArrayList<>();
    private final AtomicLong queries = new AtomicLong();

    @Setup(Level.Trial)
    public void generate() {
        events = EventSource.of(Profile.of(profile)).batches(BenchData.BATCH, batches::add);
    }

    @Setup(Level.Iteration)
    public void emptyDataset() {
        engine = Engine.inMemory();
        dataset = engine.createDataset(BenchData.NAME, DatasetSettings.defaults().withTimezone(Profile.of(profile).zone()));
        reading = true;
        Profile p = Profile.of(profile);
        for (int i = 0; i < readers; i++) {
            SplittableRandom random = new SplittableRandom(i);
            Thread t = new Thread(() -> read(p, random), "reader-" + i);
            t.setDaemon(true);
            t.start();
            readerThreads.add(t);
        }
    }

    private void read(Profile p, SplittableRandom random) {
        while (reading) {
            LocalDate from = p.first().plusDays(random.nextInt(p.days() - 30));
            TimeSpec spec = TimeSpec.of(from, from.plusDays(29)).today(Profile.END);
            dataset.hubOverview(spec);
            dataset.purchases(spec, PurchaseFilter.none());
            queries.addAndGet(2);
        }
    }

    @TearDown(Level.Iteration)
    public void stop() throws InterruptedException {
        reading = false;
        for (Thread t : readerThreads) {
            t.join();
        }
        readerThreads.clear();
        engine.close();
    }

    /** Events of one operation. */
    public long events() {
        return events;
    }

    /** Queries the readers answered so far. */
    public long queries() {
        return queries.get();
    }

    @Benchmark
    public long ingestAll() {
        long accepted = 0;
        for (List<Event> batch : batches) {
            accepted += dataset.ingest(batch).accepted();
        }
        if (accepted != events) {
            throw new IllegalStateException("accepted " + accepted + " of " + events + " events");
        }
        return accepted;
    }
}
