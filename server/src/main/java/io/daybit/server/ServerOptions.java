package io.daybit.server;

import io.daybit.engine.EngineConfig;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The server's command line (API.md § Running), parsed and checked.
 *
 * @param host         the interface to listen on
 * @param port         the port; 0 picks a free one
 * @param dataDir      where data persists, or null to keep everything in memory
 * @param demo         whether to generate the demo dataset {@code demo} at start
 * @param tokenFile    the token file, or null for no access control
 * @param insecure     whether to listen beyond loopback without a token file
 * @param maxBodyBytes the largest request body taken (413 above)
 * @param cacheEntries answers kept in the answer cache (0 disables it)
 * @param cacheBytes   bytes of answers kept in the answer cache
 * @param expectedAccounts accounts a new dataset's account dictionary file is sized for (with a data dir)
 * @param expectedOrders   orders a new dataset's order-id index file is sized for (with a data dir)
 * @param capacity     how much the server takes on at once before it answers 429 or 503
 * @param segmentBytes     size at which a dataset's event log starts a new segment file (with a data dir)
 * @param snapshotEveryBytes log growth between two snapshots of a dataset (with a data dir)
 */
public record ServerOptions(String host, int port, Path dataDir, boolean demo, Path tokenFile, boolean insecure,
                            long maxBodyBytes, int cacheEntries, long cacheBytes, long expectedAccounts,
                            long expectedOrders, Capacity capacity, long segmentBytes, long snapshotEveryBytes) {
    /** The default host: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The default port. */
    public static final int DEFAULT_PORT = 7070;
    /** The default body limit: 64 MiB. */
    public static final long DEFAULT_MAX_BODY = 64L << 20;

    /**
     * How much the server takes on at once. Past these bounds it answers at once instead of piling
     * work up: a query gets {@code 503} and an ingest {@code 429}, both with {@code Retry-After}, so
     * overload degrades into refusals, never into an out-of-memory or a hung server.
     *
     * @param threads     HTTP worker threads (Jetty's pool), 16–10,000
     * @param connections open connections at most, 16–1,000,000; past it Jetty stops accepting until
     *                    one closes (new clients wait in the system's backlog). Each connection puts
     *                    at most a job or two in Jetty's queue of work for the threads, so this is
     *                    what bounds that queue: Jetty warns against a queue bounded by size, which
     *                    would drop its own internal jobs
     * @param queries     API requests other than ingest served at once, 1 to {@code threads}; more: 503
     * @param ingests     ingest requests served at once, 1 to {@code threads}; more: 429
     * @param ingestBytes bytes of the bodies of the ingest requests served at once, at least 1; a
     *                    larger body is taken only when no other ingest is in progress; more: 429
     * @param ingestQueue the engine's bound on ingest waiting for its single writer; more: 429
     */
    public record Capacity(int threads, int connections, int queries, int ingests, long ingestBytes,
                           EngineConfig.IngestQueue ingestQueue) {
        /** The defaults: 200 threads, 10,000 connections, 128 queries and 32 ingests at once, 256 MiB of bodies. */
        public static final Capacity DEFAULT = new Capacity(200, 10_000, 128, 32, 256L << 20,
                EngineConfig.IngestQueue.DEFAULT);

        public Capacity {
            if (threads < 16 || threads > 10_000) {
                throw new IllegalArgumentException("threads must be 16-10000, got " + threads);
            }
            if (connections < 16 || connections > 1_000_000) {
                throw new IllegalArgumentException("connections must be 16-1000000, got " + connections);
            }
            if (queries < 1 || queries > threads || ingests < 1 || ingests > threads) {
                throw new IllegalArgumentException("queries and ingests at once must be 1-" + threads
                        + " (the threads), got " + queries + " and " + ingests);
            }
            if (ingestBytes < 1) {
                throw new IllegalArgumentException("ingest bytes must be at least 1, got " + ingestBytes);
            }
            java.util.Objects.requireNonNull(ingestQueue, "ingestQueue");
        }

        /** The same with other request bounds. */
        public Capacity withRequests(int newQueries, int newIngests) {
            return new Capacity(threads, connections, newQueries, newIngests, ingestBytes, ingestQueue);
        }
    }

    /** Options with the default capacity. */
    public ServerOptions(String host, int port, Path dataDir, boolean demo, Path tokenFile, boolean insecure,
                         long maxBodyBytes, int cacheEntries, long cacheBytes, long expectedAccounts,
                         long expectedOrders, Capacity capacity) {
        this(host, port, dataDir, demo, tokenFile, insecure, maxBodyBytes, cacheEntries, cacheBytes,
                expectedAccounts, expectedOrders, capacity, EngineConfig.DEFAULT_SEGMENT_BYTES,
                EngineConfig.DEFAULT_SNAPSHOT_EVERY_LOG_BYTES);
    }

    /** Options with the default capacity, log segment size and snapshot interval. */
    public ServerOptions(String host, int port, Path dataDir, boolean demo, Path tokenFile, boolean insecure,
                         long maxBodyBytes, int cacheEntries, long cacheBytes, long expectedAccounts,
                         long expectedOrders) {
        this(host, port, dataDir, demo, tokenFile, insecure, maxBodyBytes, cacheEntries, cacheBytes,
                expectedAccounts, expectedOrders, Capacity.DEFAULT);
    }

    /** Options with the default index file sizes. */
    public ServerOptions(String host, int port, Path dataDir, boolean demo, Path tokenFile, boolean insecure,
                         long maxBodyBytes, int cacheEntries, long cacheBytes) {
        this(host, port, dataDir, demo, tokenFile, insecure, maxBodyBytes, cacheEntries, cacheBytes,
                EngineConfig.DEFAULT_EXPECTED_ACCOUNTS, EngineConfig.DEFAULT_EXPECTED_ORDERS);
    }

    /** The text of {@code --help}. */
    public static final String USAGE = String.join("\n",
            "Usage: java -jar daybit-server.jar [options]",
            "",
            "Starts the Daybit HTTP server. With no options: 127.0.0.1:7070 with a generated demo dataset 'demo'.",
            "",
            "  --host H            interface to listen on (default 127.0.0.1); beyond loopback it needs",
            "                      --token-file, or --insecure",
            "  --port P            port (default 7070); 0 picks a free port. Once serving, the server prints",
            "                      'listening on http://H:P' on stdout",
            "  --data-dir DIR      where data persists; without it nothing is written to disk",
            "  --no-demo           start with no dataset",
            "  --token-file F      require bearer tokens on /api: lines 'TOKEN DATASET ROLE', DATASET a name",
            "                      or *, ROLE read, ingest or admin",
            "  --insecure          allow listening beyond loopback without a token file",
            "  --max-body SIZE     largest request body, bytes or with k, m, g (default 64m); larger: 413",
            "  --cache-entries N   answers kept in the answer cache (default 20000; 0 disables it)",
            "  --cache-size SIZE   bytes of answers kept in the answer cache (default 128m)",
            "  --expected-accounts N  with --data-dir: accounts a new dataset's account dictionary file is",
            "                      sized for (default 100000); it grows past that, somewhat slower",
            "  --expected-orders N with --data-dir: orders a new dataset's order-id index file is sized for",
            "                      (default 500000)",
            "  --segment-size SIZE with --data-dir: size at which a dataset's event log starts a new segment",
            "                      file (default 64m, at least 4096)",
            "  --snapshot-every SIZE with --data-dir: log growth between two snapshots of a dataset's state",
            "                      (default 64m); a restart replays at most about this much log",
            "  --threads N         HTTP worker threads (default 200)",
            "  --max-queries N     queries served at once (default 128); more are answered 503 with Retry-After",
            "  --max-ingests N     ingest requests served at once (default 32); more are answered 429 with",
            "                      Retry-After, as is ingest past the writer's queue (see --ingest-queue)",
            "  --ingest-queue N    lines of batches that may wait for the writer (default 1000000)",
            "  --help              print this and exit",
            "");

    /** The defaults: loopback, port 7070, the demo dataset, no token file. */
    public static ServerOptions defaults() {
        return new ServerOptions(DEFAULT_HOST, DEFAULT_PORT, null, true, null, false, DEFAULT_MAX_BODY, 20_000,
                128L << 20);
    }

    /** A wrong command line; the message says what and how to fix it. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    /**
     * Parses the arguments; {@code --help} is reported by returning null.
     *
     * @throws UsageException naming the wrong flag or value
     */
    public static ServerOptions parse(String... args) throws UsageException {
        ServerOptions o = defaults();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = null;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            }
            switch (flag) {
                case "--help":
                case "-h":
                    return null;
                case "--no-demo":
                    o = o.with(o.host, o.port, o.dataDir, false, o.tokenFile, o.insecure);
                    continue;
                case "--insecure":
                    o = o.with(o.host, o.port, o.dataDir, o.demo, o.tokenFile, true);
                    continue;
                default:
                    break;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(flag + " needs a value (see --help)");
                }
                value = args[++i];
            }
            switch (flag) {
                case "--host":
                    if (value.isBlank()) {
                        throw new UsageException("--host needs a host name or address");
                    }
                    o = o.with(value, o.port, o.dataDir, o.demo, o.tokenFile, o.insecure);
                    break;
                case "--port":
                    o = o.with(o.host, (int) number(flag, value, 0, 65_535), o.dataDir, o.demo, o.tokenFile,
                            o.insecure);
                    break;
                case "--data-dir":
                    o = o.with(o.host, o.port, Path.of(value), o.demo, o.tokenFile, o.insecure);
                    break;
                case "--token-file":
                    o = o.with(o.host, o.port, o.dataDir, o.demo, Path.of(value), o.insecure);
                    break;
                case "--max-body":
                    o = new ServerOptions(o.host, o.port, o.dataDir, o.demo, o.tokenFile, o.insecure,
                            size(flag, value, 1), o.cacheEntries, o.cacheBytes, o.expectedAccounts, o.expectedOrders,
                            o.capacity, o.segmentBytes, o.snapshotEveryBytes);
                    break;
                case "--cache-entries":
                    o = new ServerOptions(o.host, o.port, o.dataDir, o.demo, o.tokenFile, o.insecure,
                            o.maxBodyBytes, (int) number(flag, value, 0, 10_000_000), o.cacheBytes, o.expectedAccounts,
                            o.expectedOrders, o.capacity, o.segmentBytes, o.snapshotEveryBytes);
                    break;
                case "--cache-size":
                    o = new ServerOptions(o.host, o.port, o.dataDir, o.demo, o.tokenFile, o.insecure,
                            o.maxBodyBytes, o.cacheEntries, size(flag, value, 0), o.expectedAccounts, o.expectedOrders,
                            o.capacity, o.segmentBytes, o.snapshotEveryBytes);
                    break;
                case "--expected-accounts":
                    o = new ServerOptions(o.host, o.port, o.dataDir, o.demo, o.tokenFile, o.insecure,
                            o.maxBodyBytes, o.cacheEntries, o.cacheBytes, indexSize(flag, value), o.expectedOrders,
                            o.capacity, o.segmentBytes, o.snapshotEveryBytes);
                    break;
                case "--expected-orders":
                    o = new ServerOptions(o.host, o.port, o.dataDir, o.demo, o.tokenFile, o.insecure,
                            o.maxBodyBytes, o.cacheEntries, o.cacheBytes, o.expectedAccounts, indexSize(flag, value),
                            o.capacity, o.segmentBytes, o.snapshotEveryBytes);
                    break;
                case "--segment-size":
                    o = new ServerOptions(o.host, o.port, o.dataDir, o.demo, o.tokenFile, o.insecure,
                            o.maxBodyBytes, o.cacheEntries, o.cacheBytes, o.expectedAccounts, o.expectedOrders,
                            o.capacity, size(flag, value, 4096), o.snapshotEveryBytes);
                    break;
                case "--snapshot-every":
                    o = new ServerOptions(o.host, o.port, o.dataDir, o.demo, o.tokenFile, o.insecure,
                            o.maxBodyBytes, o.cacheEntries, o.cacheBytes, o.expectedAccounts, o.expectedOrders,
                            o.capacity, o.segmentBytes, size(flag, value, 1));
                    break;
                case "--threads":
                case "--max-queries":
                case "--max-ingests":
                case "--ingest-queue":
                    o = o.withCapacity(capacity(o.capacity, flag, value));
                    break;
                default:
                    throw new UsageException("unknown option '" + flag + "' (see --help)");
            }
        }
        return o;
    }

    private ServerOptions with(String h, int p, Path dir, boolean d, Path tokens, boolean insec) {
        return new ServerOptions(h, p, dir, d, tokens, insec, maxBodyBytes, cacheEntries, cacheBytes,
                expectedAccounts, expectedOrders, capacity, segmentBytes, snapshotEveryBytes);
    }

    /** The same options with another capacity. */
    public ServerOptions withCapacity(Capacity newCapacity) {
        return new ServerOptions(host, port, dataDir, demo, tokenFile, insecure, maxBodyBytes, cacheEntries,
                cacheBytes, expectedAccounts, expectedOrders, newCapacity, segmentBytes, snapshotEveryBytes);
    }

    private static Capacity capacity(Capacity c, String flag, String value) throws UsageException {
        try {
            switch (flag) {
                case "--threads": {
                    int threads = (int) number(flag, value, 16, 10_000);
                    return new Capacity(threads, c.connections(), Math.min(c.queries(), threads),
                            Math.min(c.ingests(), threads), c.ingestBytes(), c.ingestQueue());
                }
                case "--max-queries":
                    return c.withRequests((int) number(flag, value, 1, c.threads()), c.ingests());
                case "--max-ingests":
                    return c.withRequests(c.queries(), (int) number(flag, value, 1, c.threads()));
                default:
                    return new Capacity(c.threads(), c.connections(), c.queries(), c.ingests(), c.ingestBytes(),
                            new EngineConfig.IngestQueue(c.ingestQueue().batches(),
                                    number(flag, value, 1, Long.MAX_VALUE)));
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + ": " + e.getMessage());
        }
    }

    /** How the engine keeps its data: in memory, or in {@link #dataDir} with these index file sizes. */
    public EngineConfig engineConfig() {
        EngineConfig memory = EngineConfig.inMemory().withExpectedSize(expectedAccounts, expectedOrders)
                .withIngestQueue(capacity.ingestQueue())
                .withSegmentBytes(segmentBytes).withSnapshotEveryLogBytes(snapshotEveryBytes);
        return dataDir == null ? memory : memory.withDataDir(dataDir);
    }

    private static long indexSize(String flag, String value) throws UsageException {
        return number(flag, value, 1, Integer.MAX_VALUE);
    }

    private static long number(String flag, String value, long min, long max) throws UsageException {
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with what is allowed
        }
        throw new UsageException(flag + " must be an integer " + min + "-" + max + ", got '" + value + "'");
    }

    /** A size in bytes, optionally with a suffix k, m or g (powers of 1024). */
    private static long size(String flag, String value, long min) throws UsageException {
        String v = value.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (!v.isEmpty()) {
            char last = v.charAt(v.length() - 1);
            unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : last == 'g' ? 1L << 30 : 1;
            if (unit != 1) {
                v = v.substring(0, v.length() - 1);
            }
        }
        try {
            long n = Math.multiplyExact(Long.parseLong(v), unit);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below, with what is allowed
        }
        throw new UsageException(flag + " must be a size such as 1048576, 512k or 64m, at least " + min
                + ", got '" + value + "'");
    }
}
