package io.daybit.bench.soak;

import java.nio.file.Path;

/**
 * How a soak runs.
 *
 * @param minutes       length of the run, after the server first listens
 * @param serverJar     the packaged server, {@code server/target/daybit-server.jar}
 * @param dataDir       the server's data directory (must be empty or absent)
 * @param workDir       where the processes' logs, GC logs and minute files go
 * @param resultsDir    where {@code soak.json} and {@code soak.md} go, or null for none
 * @param rate          events per second the ingest client posts
 * @param batchLines    lines per batch
 * @param clients       query client threads
 * @param thinkMillis   pause of each query client between an answer and its next request
 * @param seed          seed of the event stream and the queries
 * @param serverHeap    the server's {@code -Xmx}
 * @param segmentSize   the server's {@code --segment-size}
 * @param snapshotEvery the server's {@code --snapshot-every}
 * @param verifyQueries queries compared with the in-memory reference at the end
 * @param sampleSeconds how often the server process is probed
 */
public record SoakSettings(double minutes, Path serverJar, Path dataDir, Path workDir, Path resultsDir, double rate,
                           int batchLines, int clients, long thinkMillis, long seed, String serverHeap,
                           String segmentSize, String snapshotEvery, int verifyQueries, int sampleSeconds) {
    /**
     * The defaults of {@code bench/run.sh soak}: 2,000 events/s in batches of 1,000, 4 readers pausing
     * 20 ms; a log segment per MiB and a snapshot per 4 MiB of log (a few minutes of ingest).
     */
    public static SoakSettings defaults(double minutes, Path serverJar, Path dataDir, Path workDir, Path resultsDir) {
        return new SoakSettings(minutes, serverJar, dataDir, workDir, resultsDir, 2_000, 1_000, 4, 20, 17L, "1g",
                "1m", "4m", 400, 10);
    }

    /** Smaller segments and snapshot interval, so that a run of a couple of minutes rolls and snapshots. */
    public SoakSettings withFiles(String segment, String snapshot) {
        return new SoakSettings(minutes, serverJar, dataDir, workDir, resultsDir, rate, batchLines, clients,
                thinkMillis, seed, serverHeap, segment, snapshot, verifyQueries, sampleSeconds);
    }

    public SoakSettings withRate(double eventsPerSecond) {
        return new SoakSettings(minutes, serverJar, dataDir, workDir, resultsDir, eventsPerSecond, batchLines, clients,
                thinkMillis, seed, serverHeap, segmentSize, snapshotEvery, verifyQueries, sampleSeconds);
    }

    public SoakSettings withSampleSeconds(int seconds) {
        return new SoakSettings(minutes, serverJar, dataDir, workDir, resultsDir, rate, batchLines, clients,
                thinkMillis, seed, serverHeap, segmentSize, snapshotEvery, verifyQueries, seconds);
    }

    /** The event stream: long enough for the whole run at the rate, with a margin. */
    public SoakStream stream() {
        return SoakStream.forEvents(seed, (long) (minutes * 60 * rate * 1.3) + batchLines, batchLines);
    }

    /** The run's length in milliseconds. */
    public long millis() {
        return (long) (minutes * 60_000);
    }
}
