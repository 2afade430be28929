package io.daybit.bench;

import io.daybit.bench.http.HttpBench;
import io.daybit.bench.http.HttpLoad;
import io.daybit.bench.ingest.IngestBenchmark;
import io.daybit.bench.peer.DuckDbBenchmark;
import io.daybit.bench.peer.DuckDbPeer;
import io.daybit.bench.peer.PeerData;
import io.daybit.bench.query.Answer;
import io.daybit.bench.query.Input;
import io.daybit.bench.query.QueryBenchmark;
import io.daybit.bench.query.Question;
import io.daybit.bench.query.Workload;
import io.daybit.bench.state.BenchData;
import io.daybit.bench.state.EventSource;
import io.daybit.bench.state.Profile;
import io.daybit.server.DaybitServer;
import io.daybit.server.ServerOptions;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs every benchmark of a profile in one JVM and writes the results: loads the profile's
 * events into a Daybit server's engine (measuring ingest and memory) and into DuckDB, checks that
 * both answer every benchmarked question with the same numbers (and stops if not), times each
 * question on both sides with JMH, measures ingest with and without a concurrent reader, runs the
 * HTTP load, and writes {@code latest.json} and {@code latest.md} (see {@link Report}).
 *
 * <pre>
 * bench/run.sh quick        # or: java -Xmx3g [JVM flags] -cp bench/target/daybit-bench.jar io.daybit.bench.BenchMain quick
 * </pre>
 */
public final class BenchMain {
    /** Inputs of each case checked against DuckDB before it is timed. */
    static final int CHECKED_INPUTS = 8;

    /** How long to run: JMH iterations and times, HTTP load. */
    public record Settings(Profile profile, Path out, Path readme, int warmups, double warmupSeconds,
                           int measurements, double measurementSeconds, int httpConnections,
                           double httpWarmupSeconds, double httpSeconds, boolean ingest, boolean http,
                           Set<Question> questions) {
        private static final Set<Question> ALL = EnumSet.allOf(Question.class);

        /** The same settings for some questions only. */
        public Settings only(Set<Question> subset) {
            return new Settings(profile, out, readme, warmups, warmupSeconds, measurements, measurementSeconds,
                    httpConnections, httpWarmupSeconds, httpSeconds, ingest, http, EnumSet.copyOf(subset));
        }

        /** The settings of a profile: short runs for tiny and quick, longer ones for full. */
        public static Settings of(Profile profile, Path out, Path readme) {
            switch (profile.name()) {
                case "full":
                    return new Settings(profile, out, readme, 2, 2, 3, 3, 8, 3, 10, true, true, ALL);
                case "quick":
                    return new Settings(profile, out, readme, 1, 1, 3, 1, 8, 2, 5, true, true, ALL);
                default:
                    return new Settings(profile, out, readme, 1, 0.05, 1, 0.1, 2, 0.2, 0.4, false, true, ALL);
            }
        }
    }

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: BenchMain tiny|quick|full [results-dir] [readme]");
            System.exit(2);
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Profile profile = Profile.of(args[0]);
        Path out = Path.of(args.length > 1 ? args[1] : "bench/results");
        Path readme = Path.of(args.length > 2 ? args[2] : "bench/README.md");
        Report report = run(Settings.of(profile, out, readme));
        System.out.println();
        System.out.println(report.markdown());
        System.exit(0); // JMH and Jetty leave non-daemon threads behind
    }

    /** Runs everything; returns the report, also written to {@code settings.out()}. */
    public static Report run(Settings s) throws Exception {
        // JMH refuses to run while another JMH run holds its lock file; this machine is shared with
        // other people's benchmarks, whose load the report records instead
        System.setProperty("jmh.ignoreLock", "true");
        Profile profile = s.profile();
        Report report = new Report(profile, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        ServerOptions d = ServerOptions.defaults();
        try (DaybitServer server = DaybitServer.start(new ServerOptions("127.0.0.1", 0, null, false, null, false,
                d.maxBodyBytes(), d.cacheEntries(), d.cacheBytes()))) {
            log("loading %s (%,d accounts, %d days) into Daybit", profile.name(), profile.accounts(), profile.days());
            BenchData data = BenchData.load(profile, server.engine());
            BenchData.share(data);
            report.data(data);
            log("%,d events (%,d rejected), %,.0f events/s while loading (%,.0f per writer CPU second), heap %,d "
                    + "bytes, estimate %,d bytes", data.events(), data.rejected(), data.ingestEventsPerSecond(),
                    data.ingestEventsPerWriterCpuSecond(), data.heapBytes(), data.dataset().sizeInBytes());

            firstCalls(data, report);

            long t0 = System.nanoTime();
            DuckDbPeer peer = PeerData.shared(profile);
            report.peerLoaded(peer.rows(), (System.nanoTime() - t0) / 1e9, peer.databaseBytes());
            log("DuckDB: %,d rows in %.1f s", peer.rows(), (System.nanoTime() - t0) / 1e9);

            List<Case> cases = cases(profile);
            cases.removeIf(c -> !s.questions().contains(c.question));
            check(data, peer, cases, report);
            for (Case c : cases) {
                Statistics daybit = c.daybitAvailable ? time(QueryBenchmark.class, c, s, false) : null;
                Statistics duck = time(DuckDbBenchmark.class, c, s, true);
                report.result(c.name, daybit, duck);
                log("%-34s daybit %s   duckdb %s", c.name, format(daybit), format(duck));
            }
            PeerData.closeAll();

            if (s.ingest()) {
                ingest(s, report);
            }
            if (s.http()) {
                HttpBench http = new HttpBench("127.0.0.1", server.port(), profile, s.httpConnections(),
                        s.httpWarmupSeconds(), s.httpSeconds());
                for (HttpLoad.Result r : http.run()) {
                    report.http(r);
                    log("http %-58s %,9.0f req/s  p50 %.2f ms  p99 %.2f ms", r.route(), r.rps(), r.p50Ms(), r.p99Ms());
                }
                http.skipped().forEach(x -> report.note("HTTP route left out: " + x));
            }
        }
        report.finish();
        report.write(s.out(), s.readme());
        return report;
    }

    /**
     * Times the first call of the questions whose engine side builds something on first use (the
     * RFM timeline is swept over every day once; later days are lookups), before anything else
     * asks them.
     */
    static void firstCalls(BenchData data, Report report) {
        for (Question q : new Question[]{Question.RFM_TODAY, Question.TRANSITIONS, Question.MEMBERS,
                Question.RETENTION}) {
            Input in = Workload.inputs(data.profile(), q, 30)[0];
            long t0 = System.nanoTime();
            try {
                q.ask(data.dataset(), in);
            } catch (UnsupportedOperationException e) {
                continue;
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            report.firstCall(q.caseName(30), ms);
            log("first call of %s: %.1f ms", q.caseName(30), ms);
        }
    }

    /** One measured question: a question and, for ranges, a range length. */
    static final class Case {
        final Question question;
        final int rangeDays;
        final String name;
        boolean daybitAvailable = true;

        Case(Question question, int rangeDays) {
            this.question = question;
            this.rangeDays = rangeDays;
            this.name = question.caseName(rangeDays);
        }
    }

    static List<Case> cases(Profile profile) {
        List<Case> cases = new ArrayList<>();
        for (Question q : Question.values()) {
            if (q.shape() == Question.Shape.RANGE) {
                for (int n : new int[]{7, 30, 365}) {
                    if (n <= profile.days()) {
                        cases.add(new Case(q, n));
                    }
                }
            } else {
                cases.add(new Case(q, 0));
            }
        }
        return cases;
    }

    /**
     * Asks both sides the first inputs of every case and compares the answers; throws when they
     * differ. A question the engine does not implement yet is only timed on DuckDB.
     */
    static void check(BenchData data, DuckDbPeer peer, List<Case> cases, Report report) throws Exception {
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            Input[] inputs = Workload.inputs(data.profile(), c.question, c.rangeDays);
            for (int i = 0; i < CHECKED_INPUTS; i++) {
                Answer daybit;
                try {
                    daybit = Answer.of(c.question.ask(data.dataset(), inputs[i]));
                } catch (UnsupportedOperationException e) {
                    c.daybitAvailable = false;
                    report.note(c.name + ": not timed on Daybit, the engine answers " + e.getMessage());
                    break;
                }
                List<String> diff = Answer.differences(daybit, peer.ask(c.question, inputs[i]));
                if (!diff.isEmpty()) {
                    failures.add(c.name + " " + inputs[i] + ": " + diff.subList(0, Math.min(8, diff.size())));
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("Daybit and DuckDB disagree; nothing is timed:\n"
                    + String.join("\n", failures));
        }
        log("Daybit and DuckDB agree on the first %d inputs of every case", CHECKED_INPUTS);
    }

    private static Statistics time(Class<?> benchmark, Case c, Settings s, boolean peer) throws RunnerException {
        Options o = new OptionsBuilder()
                .include("^" + Pattern.quote(benchmark.getName()) + "\\.ask$")
                .param("profile", s.profile().name())
                .param("question", c.question.wireName())
                .param("rangeDays", String.valueOf(c.rangeDays))
                .forks(0)
                .warmupIterations(peer ? 1 : s.warmups())
                .warmupTime(millis(s.warmupSeconds()))
                .measurementIterations(s.measurements())
                .measurementTime(millis(s.measurementSeconds()))
                .verbosity(VerboseMode.SILENT)
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(o).run();
        return results.iterator().next().getPrimaryResult().getStatistics();
    }

    private static void ingest(Settings s, Report report) throws RunnerException {
        // ingest is measured on the quick profile's events (held in memory beforehand, so that
        // generating them is not timed); the full profile's rate is the one measured while loading
        long events = EventSource.of(Profile.QUICK).batches(BenchData.BATCH, b -> { });
        Options o = new OptionsBuilder()
                .include("^" + Pattern.quote(IngestBenchmark.class.getName()) + "\\.")
                .param("profile", Profile.QUICK.name())
                .param("readers", "0", "1")
                .forks(0)
                .warmupIterations(1)
                .measurementIterations(s.profile() == Profile.FULL ? 5 : 3)
                .verbosity(VerboseMode.SILENT)
                .shouldFailOnError(true)
                .build();
        for (RunResult r : new Runner(o).run()) {
            int readers = Integer.parseInt(r.getParams().getParam("readers"));
            Statistics st = r.getPrimaryResult().getStatistics();
            double perSecond = events / (st.getPercentile(50) / 1e3);
            report.ingest(readers, events, perSecond, events / (st.getMax() / 1e3));
            log("ingest with %d reader(s): %,.0f events/s (median of %d runs of %,d events)", readers, perSecond,
                    st.getN(), events);
        }
    }

    private static TimeValue millis(double seconds) {
        return TimeValue.milliseconds(Math.max(1, Math.round(seconds * 1000)));
    }

    private static String format(Statistics st) {
        return st == null ? "n/a" : String.format(Locale.ROOT, "p50 %,10.1f µs  p99 %,10.1f µs  (n=%d)",
                st.getPercentile(50), st.getPercentile(99), st.getN());
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench] " + format + "%n", args);
        System.out.flush();
    }

    /** Machine facts for the report. */
    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", Report.cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memory_bytes", Report.totalMemory());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        return m;
    }
}
