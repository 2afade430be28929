package io.daybit.bench.query;

import io.daybit.bench.state.BenchData;
import io.daybit.bench.state.Jvm;
import io.daybit.bench.state.Profile;
import io.daybit.engine.Dataset;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Every engine query ({@link Question}), each call with the next input of its {@link Workload}: a
 * new range (7, 30 or 365 days, with the previous period), a new "as of" day, or today again.
 * The dataset is a data profile loaded once per JVM. Sampled per call: the results are the
 * latency distribution (median, p99) in microseconds.
 *
 * <pre>
 * java -Xmx3g -jar bench/target/daybit-bench.jar QueryBenchmark -p profile=quick -p question=hub_overview -p rangeDays=30
 * java -Xmx12g -jar bench/target/daybit-bench.jar QueryBenchmark -p profile=full
 * </pre>
 *
 * ({@code bench/run.sh} runs every case in one JVM, next to DuckDB, and writes the results.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.OPENS_LANG, Jvm.OPENS_REFLECT, Jvm.OPENS_NIO, Jvm.EXPORTS_CH,
        Jvm.EXPORTS_MISC, Jvm.EXPORTS_REF, Jvm.EXPORTS_JAVAC})
public class QueryBenchmark {
    @Param({"quick"})
    public String profile;
    @Param({"hub_overview", "service_interactions", "aov", "users_overview", "purchases", "purchases_consented_web",
            "purchases_new_12m_store", "rfm", "rfm_today", "transitions", "members", "retention"})
    public String question;
    /** Days of a range (questions over ranges only; the others ignore it). */
    @Param({"7", "30", "365"})
    public int rangeDays;

    private Dataset dataset;
    private Question q;
    private Input[] inputs;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Profile p = Profile.of(profile);
        dataset = BenchData.shared(p).dataset();
        q = Question.of(question);
        inputs = Workload.inputs(p, q, rangeDays);
    }

    @Benchmark
    public Object ask() {
        Input in = inputs[next++ & (Workload.SIZE - 1)];
        return q.ask(dataset, in);
    }
}
