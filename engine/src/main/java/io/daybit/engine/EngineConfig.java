package io.daybit.engine;

import java.nio.file.Path;

/**
 * How an {@link Engine} keeps its data. Without a data directory everything lives in memory and
 * is gone when the process ends; with one, every acknowledged batch, dataset and setting is on disk
 * before the call that made it returns, and {@link Engine#open} brings it all back.
 *
 * <pre>{@code
 * try (Engine engine = Engine.open(EngineConfig.persistent(Path.of("/var/lib/daybit")))) {
 *     Dataset shop = engine.findDataset("shop")
 *             .orElseGet(() -> engine.createDataset("shop", DatasetSettings.defaults()));
 *     shop.ingestNdjson(body, idempotencyKey); // durable once it returns
 * }
 * }</pre>
 *
 * @param dataDir          where data persists, or null to keep everything in memory
 * @param segmentBytes     size at which a dataset's event log starts a new segment file
 * @param minFreeDiskBytes free disk space below which ingest is refused with
 *                         {@link UnavailableException} rather than running the disk full; 0 to
 *                         rely on the file system's own error alone
 * @param snapshotEveryLogBytes how much a dataset's log grows between two snapshots of its
 *                         in-memory state: a restart loads the newest snapshot and replays at most
 *                         about this much log
 * @param expectedAccounts how many accounts a dataset's account dictionary file is sized for when
 *                         created; it grows past that (up to {@value #MAX_GROWTH} times) at some
 *                         cost in lookup speed
 * @param expectedOrders   the same for a dataset's order-id index file
 * @param ingestQueue      how much ingest may wait for the writer before more is refused with
 *                         {@link OverloadedException}
 */
public record EngineConfig(Path dataDir, long segmentBytes, long minFreeDiskBytes, long snapshotEveryLogBytes,
                           long expectedAccounts, long expectedOrders, IngestQueue ingestQueue) {
    /** Default segment size: 64 MiB. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    /** Default free-space reserve: 16 MiB. */
    public static final long DEFAULT_MIN_FREE_DISK_BYTES = 16L << 20;
    /** Default log growth between snapshots: 64 MiB (about three million events). */
    public static final long DEFAULT_SNAPSHOT_EVERY_LOG_BYTES = 64L << 20;
    /** Default size of a new dataset's account dictionary: 100,000 accounts (a few MB of file). */
    public static final long DEFAULT_EXPECTED_ACCOUNTS = 100_000;
    /** Default size of a new dataset's order-id index: 500,000 orders. */
    public static final long DEFAULT_EXPECTED_ORDERS = 500_000;
    /** How far past its expected size an index file can grow (Chronicle Map's largest bloat factor). */
    public static final int MAX_GROWTH = 1000;

    /**
     * The bound on the ingest waiting for the single writer: batches submitted while it is full are
     * refused at once with {@link OverloadedException}, and nothing of them is applied. A batch is
     * always taken when nothing waits, however large, so that no batch is refused forever.
     *
     * @param batches at most this many batches wait (rounded up to a power of two), 1–1,048,576
     * @param events  at most this many lines (events, valid or not) of waiting batches, at least 1:
     *                what bounds the memory that waiting ingest holds
     */
    public record IngestQueue(int batches, long events) {
        /** Default: 4,096 batches of together at most 1,000,000 lines (some hundreds of MB of decoded events). */
        public static final IngestQueue DEFAULT = new IngestQueue(4096, 1_000_000);

        public IngestQueue {
            if (batches < 1 || batches > 1 << 20) {
                throw new InvalidRequestException("the ingest queue must hold 1-1048576 batches, got " + batches,
                        "ingest_queue_batches");
            }
            if (events < 1) {
                throw new InvalidRequestException("the ingest queue must hold at least 1 event, got " + events,
                        "ingest_queue_events");
            }
        }
    }

    /** The settings before the ingest queue was configurable: the default queue. */
    public EngineConfig(Path dataDir, long segmentBytes, long minFreeDiskBytes, long snapshotEveryLogBytes,
                        long expectedAccounts, long expectedOrders) {
        this(dataDir, segmentBytes, minFreeDiskBytes, snapshotEveryLogBytes, expectedAccounts, expectedOrders,
                IngestQueue.DEFAULT);
    }

    public EngineConfig {
        java.util.Objects.requireNonNull(ingestQueue, "ingestQueue");
        if (segmentBytes < 4096) {
            throw new InvalidRequestException("segment size must be at least 4096 bytes, got " + segmentBytes,
                    "segment_bytes");
        }
        if (minFreeDiskBytes < 0) {
            throw new InvalidRequestException("free disk reserve must not be negative, got " + minFreeDiskBytes,
                    "min_free_disk_bytes");
        }
        if (snapshotEveryLogBytes < 1) {
            throw new InvalidRequestException("snapshot interval must be at least 1 byte of log, got "
                    + snapshotEveryLogBytes, "snapshot_every_log_bytes");
        }
        if (expectedAccounts < 1 || expectedAccounts > Integer.MAX_VALUE) {
            throw new InvalidRequestException("expected accounts must be 1-" + Integer.MAX_VALUE + ", got "
                    + expectedAccounts, "expected_accounts");
        }
        if (expectedOrders < 1 || expectedOrders > Integer.MAX_VALUE) {
            throw new InvalidRequestException("expected orders must be 1-" + Integer.MAX_VALUE + ", got "
                    + expectedOrders, "expected_orders");
        }
    }

    /** Everything in memory, nothing written to disk. */
    public static EngineConfig inMemory() {
        return new EngineConfig(null, DEFAULT_SEGMENT_BYTES, DEFAULT_MIN_FREE_DISK_BYTES,
                DEFAULT_SNAPSHOT_EVERY_LOG_BYTES, DEFAULT_EXPECTED_ACCOUNTS, DEFAULT_EXPECTED_ORDERS);
    }

    /** Durable in {@code dataDir} (created when missing), with the default sizes. */
    public static EngineConfig persistent(Path dataDir) {
        return inMemory().withDataDir(java.util.Objects.requireNonNull(dataDir, "dataDir"));
    }

    /** Whether data persists. */
    public boolean isPersistent() {
        return dataDir != null;
    }

    /** The same settings in another data directory (null: in memory). */
    public EngineConfig withDataDir(Path dir) {
        return new EngineConfig(dir, segmentBytes, minFreeDiskBytes, snapshotEveryLogBytes, expectedAccounts,
                expectedOrders, ingestQueue);
    }

    public EngineConfig withSegmentBytes(long bytes) {
        return new EngineConfig(dataDir, bytes, minFreeDiskBytes, snapshotEveryLogBytes, expectedAccounts,
                expectedOrders, ingestQueue);
    }

    public EngineConfig withMinFreeDiskBytes(long bytes) {
        return new EngineConfig(dataDir, segmentBytes, bytes, snapshotEveryLogBytes, expectedAccounts, expectedOrders,
                ingestQueue);
    }

    public EngineConfig withSnapshotEveryLogBytes(long bytes) {
        return new EngineConfig(dataDir, segmentBytes, minFreeDiskBytes, bytes, expectedAccounts, expectedOrders,
                ingestQueue);
    }

    /** Sizes for the index files of new datasets (see {@link #expectedAccounts}). */
    public EngineConfig withExpectedSize(long accounts, long orders) {
        return new EngineConfig(dataDir, segmentBytes, minFreeDiskBytes, snapshotEveryLogBytes, accounts, orders,
                ingestQueue);
    }

    /** The same settings with another bound on the ingest waiting for the writer. */
    public EngineConfig withIngestQueue(IngestQueue queue) {
        return new EngineConfig(dataDir, segmentBytes, minFreeDiskBytes, snapshotEveryLogBytes, expectedAccounts,
                expectedOrders, queue);
    }
}
