package io.daybit.bench.peer;

import io.daybit.bench.query.Input;
import io.daybit.bench.query.Question;
import io.daybit.bench.query.Workload;
import io.daybit.bench.state.Jvm;
import io.daybit.bench.state.Profile;
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

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * The baseline beside {@code QueryBenchmark}: the same questions with the same inputs in the same
 * order, asked of DuckDB (in memory, the same events) in SQL.
 *
 * <pre>
 * java -Xmx3g -jar bench/target/daybit-bench.jar DuckDbBenchmark -p profile=quick -p question=hub_overview -p rangeDays=30
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.OPENS_LANG, Jvm.OPENS_REFLECT, Jvm.OPENS_NIO, Jvm.EXPORTS_CH,
        Jvm.EXPORTS_MISC, Jvm.EXPORTS_REF, Jvm.EXPORTS_JAVAC})
public class DuckDbBenchmark {
    @Param({"quick"})
    public String profile;
    @Param({"hub_overview", "service_interactions", "aov", "users_overview", "purchases", "purchases_consented_web",
            "purchases_new_12m_store", "rfm", "rfm_today", "transitions", "members", "retention"})
    public String question;
    @Param({"7", "30", "365"})
    public int rangeDays;

    private DuckDbPeer peer;
    private Question q;
    private Input[] inputs;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        Profile p = Profile.of(profile);
        peer = PeerData.shared(p);
        q = Question.of(question);
        inputs = Workload.inputs(p, q, rangeDays);
    }

    @Benchmark
    public Object ask() throws SQLException {
        Input in = inputs[next++ & (Workload.SIZE - 1)];
        return peer.ask(q, in);
    }
}
