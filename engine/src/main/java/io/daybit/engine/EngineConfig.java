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
 */
public record EngineConfig(Path dataDir, long segmentBytes, long minFreeDiskBytes, long snapshotEveryLogBytes) {
    /** Default segment size: 64 MiB. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    /** Default free-space reserve: 16 MiB. */
    public static final long DEFAULT_MIN_FREE_DISK_BYTES = 16L << 20;
    /** Default log growth between snapshots: 64 MiB (about three million events). */
    public static final long DEFAULT_SNAPSHOT_EVERY_LOG_BYTES = 64L << 20;

    public EngineConfig {
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
    }

    /** Everything in memory, nothing written to disk. */
    public static EngineConfig inMemory() {
        return new EngineConfig(null, DEFAULT_SEGMENT_BYTES, DEFAULT_MIN_FREE_DISK_BYTES,
                DEFAULT_SNAPSHOT_EVERY_LOG_BYTES);
    }

    /** Durable in {@code dataDir} (created when missing), with the default sizes. */
    public static EngineConfig persistent(Path dataDir) {
        return new EngineConfig(java.util.Objects.requireNonNull(dataDir, "dataDir"), DEFAULT_SEGMENT_BYTES,
                DEFAULT_MIN_FREE_DISK_BYTES, DEFAULT_SNAPSHOT_EVERY_LOG_BYTES);
    }

    /** Whether data persists. */
    public boolean isPersistent() {
        return dataDir != null;
    }

    public EngineConfig withSegmentBytes(long bytes) {
        return new EngineConfig(dataDir, bytes, minFreeDiskBytes, snapshotEveryLogBytes);
    }

    public EngineConfig withMinFreeDiskBytes(long bytes) {
        return new EngineConfig(dataDir, segmentBytes, bytes, snapshotEveryLogBytes);
    }

    public EngineConfig withSnapshotEveryLogBytes(long bytes) {
        return new EngineConfig(dataDir, segmentBytes, minFreeDiskBytes, bytes);
    }
}
