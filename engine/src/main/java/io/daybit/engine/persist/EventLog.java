package io.daybit.engine.persist;

import io.daybit.engine.UnavailableException;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * One dataset's append-only log of accepted batches, in segment files named after the sequence
 * number (LSN) of their first record. Records are checksummed (CRC32C) and numbered without gaps,
 * so recovery can tell the end of what was written from a torn or damaged tail.
 *
 * <pre>
 * segment file  00000000000000000001.log
 *  0                8         12        16                24        28        32
 *  +----------------+---------+---------+-----------------+---------+---------+---- records ...
 *  | magic DAYBTLOG | version | 0       | first LSN (i64) | crc32c  | 0       |
 *  +----------------+---------+---------+-----------------+---------+---------+
 *                                          crc32c covers bytes 0..23
 * record
 *  0         4         8           16     17
 *  +---------+---------+-----------+------+---------------------------------+
 *  | length  | crc32c  | LSN (i64) | kind | payload (see {@link BatchRecord}) |
 *  +---------+---------+-----------+------+---------------------------------+
 *             length = bytes from LSN to the payload's end; crc32c covers them
 * </pre>
 *
 * All integers are little-endian.
 *
 * <p><b>Writing.</b> {@link #begin()} hands out the record buffer, {@link #append()} writes the
 * record to the current segment without forcing it and returns a {@link LogTicket}, and
 * {@link #sync(LogTicket)} forces the segment to disk ({@link FileChannel#force}) unless a later
 * sync already covered the record: batches that arrive together share one fsync (group commit).
 * A write or fsync that fails truncates the segment back to its last forced record, so a batch
 * answered with an error is never replayed, and the log stays usable once the disk has room again.
 * Single writer: only the engine's writer thread calls these methods.
 *
 * <p><b>Recovery.</b> {@link #open} reads every segment in order, hands each record to the
 * caller, and truncates the last segment at the first record that is incomplete, fails its
 * checksum or breaks the numbering: that is what a crash in the middle of a write leaves. Damage
 * anywhere else (in a segment that was complete and forced before the next one began) is not a
 * torn write but lost data, and is reported instead of silently skipped.
 */
final class EventLog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EventLog.class.getName());

    static final long MAGIC = 0x474F4C5442594144L; // "DAYBTLOG" read as a little-endian long
    static final int VERSION = 1;
    static final int SEGMENT_HEADER_BYTES = 32;
    /** Length and checksum before the checksummed body. */
    static final int RECORD_HEADER_BYTES = 8;
    /** LSN and kind: the smallest body. */
    static final int MIN_BODY_BYTES = 9;
    static final String SUFFIX = ".log";

    /** Receives the records found by recovery, in LSN order. */
    @FunctionalInterface
    interface RecordHandler {
        /**
         * @param body a reader positioned after the kind byte, limited to the record
         */
        void record(long lsn, int kind, BinaryReader body);
    }

    private final Path dir;
    private final String owner;
    private final long segmentBytes;
    private final long minFreeBytes;
    private final boolean writable;
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    private final BinaryWriter buffer = new BinaryWriter(1 << 16);
    private final CRC32C crc = new CRC32C();
    private FileStore store;

    private FileChannel channel;
    /** End of the last record written to the current segment. */
    private long position;
    /** End of the last record forced to disk in the current segment. */
    private long durablePosition;
    private long nextLsn;
    private long durableLsn;
    /** Bumped whenever records written but not forced are thrown away. */
    private long epoch;
    /** Set when throwing records away failed: the tail must be truncated before the next write. */
    private boolean damaged;
    /** Bytes of records written since the log was opened. */
    private long appendedBytes;

    private EventLog(Path dir, String owner, long segmentBytes, long minFreeBytes, boolean writable) {
        this.dir = dir;
        this.owner = owner;
        this.segmentBytes = segmentBytes;
        this.minFreeBytes = minFreeBytes;
        this.writable = writable;
    }

    /**
     * Opens (creating when missing and writable) the log in {@code dir}, handing every record with
     * an LSN above {@code afterLsn} to {@code handler}, and truncating a torn tail.
     *
     * @param owner        who the log belongs to, for messages (the dataset's name)
     * @param afterLsn     records up to this LSN are covered by a snapshot and skipped
     * @param writable     false when the data directory is read-only: the tail is not truncated,
     *                     and appends fail with {@link UnavailableException}
     * @throws CorruptDataException       when a segment other than the last is damaged
     * @throws UnsupportedFormatException when a segment is intact but of another format version
     */
    static EventLog open(Path dir, String owner, long afterLsn, long segmentBytes, long minFreeBytes,
                         boolean writable, RecordHandler handler) throws IOException {
        EventLog log = new EventLog(dir, owner, segmentBytes, minFreeBytes, writable);
        log.recover(afterLsn, handler);
        return log;
    }

    /** The LSN the next record will get. */
    long nextLsn() {
        return nextLsn;
    }

    /** The LSN of the last record known to be on disk. */
    long durableLsn() {
        return durableLsn;
    }

    /** Bytes of records written since the log was opened. */
    long appendedBytes() {
        return appendedBytes;
    }

    /** The segment files, oldest first. */
    List<Path> segmentFiles() {
        return new ArrayList<>(segments.values());
    }

    // ---------------------------------------------------------------- writing

    /** The buffer to encode the next record's payload into, after its kind byte. */
    BinaryWriter begin(int kind) {
        buffer.reset();
        buffer.position(RECORD_HEADER_BYTES + 8);
        buffer.putByte(kind);
        return buffer;
    }

    /**
     * Writes the record encoded since {@link #begin} to the current segment, not yet forced.
     *
     * @throws UnavailableException when the directory is read-only, the disk is (nearly) full, or
     *                              the write fails; nothing of the record stays in the log
     */
    LogTicket append() {
        if (!writable) {
            throw new UnavailableException("dataset '" + owner + "' is read-only: its data directory " + dir
                    + " cannot be written");
        }
        byte[] bytes = buffer.array();
        int total = buffer.position();
        buffer.putLongAt(RECORD_HEADER_BYTES, nextLsn);
        crc.reset();
        crc.update(bytes, RECORD_HEADER_BYTES, total - RECORD_HEADER_BYTES);
        buffer.putIntAt(0, total - RECORD_HEADER_BYTES);
        buffer.putIntAt(4, (int) crc.getValue());
        try {
            repairIfDamaged();
            checkFreeSpace(total);
            if (channel == null || (position >= segmentBytes && durablePosition == position)) {
                startSegment();
            }
        } catch (IOException e) {
            throw unavailable("could not prepare the event log", e);
        }
        long start = position;
        try {
            ByteBuffer src = ByteBuffer.wrap(bytes, 0, total);
            long at = start;
            while (src.hasRemaining()) {
                at += channel.write(src, at);
            }
        } catch (IOException e) {
            truncateTo(start);
            throw unavailable("could not write to the event log", e);
        }
        position = start + total;
        appendedBytes += total;
        return new LogTicket(nextLsn++, epoch);
    }

    /**
     * Makes sure the record of {@code ticket} is on disk, forcing the segment unless a sync since
     * its append already did.
     *
     * @throws UnavailableException when the force fails (every record not yet forced is then
     *                              thrown away) or the record was thrown away by an earlier failure
     */
    void sync(LogTicket ticket) {
        if (ticket.epoch() != epoch) {
            throw new UnavailableException("dataset '" + owner + "': the batch was not stored, an earlier write "
                    + "to the event log failed; retry later");
        }
        if (ticket.lsn() <= durableLsn) {
            return;
        }
        try {
            channel.force(false);
        } catch (IOException e) {
            // after a failed fsync no page written since the last one can be trusted
            truncateTo(durablePosition);
            nextLsn = durableLsn + 1;
            epoch++;
            throw unavailable("could not force the event log to disk", e);
        }
        durablePosition = position;
        durableLsn = nextLsn - 1;
    }

    /**
     * Throws away everything after {@code end} in the current segment. When the truncation fails
     * the log is marked damaged and retried before the next write, which would otherwise land
     * after garbage.
     */
    private void truncateTo(long end) {
        position = end;
        try {
            channel.truncate(end);
            damaged = false;
        } catch (IOException e) {
            damaged = true;
            LOG.log(Level.ERROR, "dataset ''{0}'': could not truncate the event log in {1} after a failed write: {2}",
                    owner, dir, e.toString());
        }
    }

    private void repairIfDamaged() throws IOException {
        if (damaged) {
            channel.truncate(position);
            channel.force(false);
            damaged = false;
            LOG.log(Level.INFO, "dataset ''{0}'': event log repaired after an earlier write failure", owner);
        }
    }

    private void checkFreeSpace(int recordBytes) throws IOException {
        if (minFreeBytes <= 0) {
            return;
        }
        if (store == null) {
            store = Files.getFileStore(dir);
        }
        long usable = store.getUsableSpace();
        if (usable - recordBytes < minFreeBytes) {
            throw new UnavailableException("dataset '" + owner + "': the disk of " + dir + " is full ("
                    + usable + " bytes free, " + minFreeBytes + " kept in reserve); ingest resumes once space is freed");
        }
    }

    /** Closes the current segment (all of it forced) and starts the next one at {@link #nextLsn}. */
    private void startSegment() throws IOException {
        Path file = dir.resolve(segmentName(nextLsn));
        FileChannel next = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        try {
            BinaryWriter h = new BinaryWriter(SEGMENT_HEADER_BYTES);
            h.putLong(MAGIC);
            h.putInt(VERSION);
            h.putInt(0);
            h.putLong(nextLsn);
            CRC32C c = new CRC32C();
            c.update(h.array(), 0, 24);
            h.putInt((int) c.getValue());
            h.putInt(0);
            ByteBuffer src = ByteBuffer.wrap(h.array(), 0, SEGMENT_HEADER_BYTES);
            while (src.hasRemaining()) {
                next.write(src, src.position());
            }
            next.force(true);
            Fsync.directory(dir);
        } catch (IOException | RuntimeException e) {
            next.close();
            Files.deleteIfExists(file);
            throw e;
        }
        if (channel != null) {
            channel.close();
        }
        channel = next;
        segments.put(nextLsn, file);
        position = SEGMENT_HEADER_BYTES;
        durablePosition = SEGMENT_HEADER_BYTES;
    }

    static String segmentName(long firstLsn) {
        return String.format("%020d%s", firstLsn, SUFFIX);
    }

    private UnavailableException unavailable(String what, IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new UnavailableException("dataset '" + owner + "': " + what + " in " + dir + " (" + reason
                + "); nothing of the batch was applied, retry later", e);
    }

    /**
     * Deletes the segments whose records all have an LSN of at most {@code lsn} (a snapshot holds
     * them), never the current one.
     */
    void dropSegmentsUpTo(long lsn) throws IOException {
        List<Long> firsts = new ArrayList<>(segments.keySet());
        for (int i = 0; i + 1 < firsts.size(); i++) {
            if (firsts.get(i + 1) - 1 <= lsn) {
                Files.deleteIfExists(segments.remove(firsts.get(i)));
            }
        }
        Fsync.directory(dir);
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            try {
                if (durablePosition != position) {
                    channel.force(false);
                }
            } finally {
                channel.close();
                channel = null;
            }
        }
    }

    // ---------------------------------------------------------------- recovery

    private void recover(long afterLsn, RecordHandler handler) throws IOException {
        if (writable) {
            Files.createDirectories(dir);
        }
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    String digits = name.substring(0, name.length() - SUFFIX.length());
                    if (digits.matches("[0-9]{20}")) {
                        segments.put(Long.parseLong(digits), f);
                    } else {
                        LOG.log(Level.WARNING, "ignoring unexpected file {0}", f);
                    }
                }
            }
        }
        long expected = -1;
        Path last = null;
        long lastValidEnd = 0;
        List<Map.Entry<Long, Path>> entries = new ArrayList<>(segments.entrySet());
        for (int i = 0; i < entries.size(); i++) {
            long first = entries.get(i).getKey();
            Path file = entries.get(i).getValue();
            boolean isLast = i == entries.size() - 1;
            if (!isLast && entries.get(i + 1).getKey() - 1 <= afterLsn) {
                continue; // every record in it is in the snapshot: not even read
            }
            long from = expected == -1 ? afterLsn + 1 : expected;
            if (first > from) {
                throw new CorruptDataException(file + " starts at record " + first + " but the records from " + from
                        + " on are in no snapshot and no earlier segment: a segment is missing");
            }
            if (expected != -1 && first < expected) {
                throw new CorruptDataException(file + " starts at record " + first + " but the previous segment"
                        + " already holds records up to " + (expected - 1));
            }
            byte[] bytes = Files.readAllBytes(file);
            String headerProblem = checkHeader(file, bytes, first);
            if (headerProblem != null) {
                if (!isLast) {
                    throw new CorruptDataException(file + ": " + headerProblem);
                }
                // a crash while a new segment was being created; nothing was acknowledged in it
                LOG.log(Level.WARNING, "dataset ''{0}'': dropping the unfinished segment {1}: {2}", owner, file,
                        headerProblem);
                segments.remove(first);
                if (writable) {
                    Files.delete(file);
                    Fsync.directory(dir);
                }
                break;
            }
            long lsn = first;
            int at = SEGMENT_HEADER_BYTES;
            String tornReason = null;
            while (at < bytes.length) {
                tornReason = checkRecord(bytes, at, lsn);
                if (tornReason != null) {
                    break;
                }
                int length = BinaryReader.intAt(bytes, at);
                if (lsn > afterLsn) {
                    BinaryReader body = new BinaryReader(bytes, at + RECORD_HEADER_BYTES + 8, length - 8);
                    int kind = body.getByte();
                    handler.record(lsn, kind, body);
                }
                at += RECORD_HEADER_BYTES + length;
                lsn++;
            }
            if (tornReason != null) {
                if (!isLast) {
                    throw new CorruptDataException(file + " is damaged at byte " + at + " (record " + lsn + ": "
                            + tornReason + "), and later segments hold acknowledged data; move the damaged files "
                            + "aside to accept losing the records from " + lsn + " on");
                }
                LOG.log(Level.WARNING, "dataset ''{0}'': the event log {1} ends with a torn or damaged record at "
                        + "byte {2} (record {3}: {4}); {5} bytes after the last good record are dropped", owner, file,
                        at, lsn, tornReason, bytes.length - at);
                if (writable) {
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        ch.truncate(at);
                        ch.force(true);
                    }
                }
            }
            expected = lsn;
            last = file;
            lastValidEnd = at;
        }
        nextLsn = Math.max(expected == -1 ? 1 : expected, afterLsn + 1);
        durableLsn = nextLsn - 1;
        if (last != null && writable && expected == nextLsn) {
            channel = FileChannel.open(last, StandardOpenOption.WRITE, StandardOpenOption.READ);
            position = lastValidEnd;
            durablePosition = lastValidEnd;
        }
        // otherwise the first append starts a new segment at nextLsn (a snapshot may be ahead of
        // every segment when the log was dropped after it)
    }

    /** Null when the segment header is valid for a segment named after {@code firstLsn}. */
    private static String checkHeader(Path file, byte[] b, long firstLsn) {
        if (b.length < SEGMENT_HEADER_BYTES) {
            return "header incomplete (" + b.length + " bytes)";
        }
        if (BinaryReader.longAt(b, 0) != MAGIC) {
            return "not a Daybit log segment (bad magic)";
        }
        CRC32C c = new CRC32C();
        c.update(b, 0, 24);
        if ((int) c.getValue() != BinaryReader.intAt(b, 24)) {
            return "header checksum mismatch";
        }
        if (BinaryReader.intAt(b, 8) != VERSION) {
            // the header's checksum matched: not damage but another format, refused even in the last segment
            throw new UnsupportedFormatException("log segment", file, BinaryReader.intAt(b, 8), VERSION);
        }
        if (BinaryReader.longAt(b, 16) != firstLsn) {
            return "header names first record " + BinaryReader.longAt(b, 16) + ", the file name " + firstLsn;
        }
        return null;
    }

    /** Null when a whole, intact record numbered {@code lsn} starts at {@code at}. */
    private static String checkRecord(byte[] b, int at, long lsn) {
        int left = b.length - at;
        if (left < RECORD_HEADER_BYTES) {
            return "incomplete header";
        }
        int length = BinaryReader.intAt(b, at);
        if (length < MIN_BODY_BYTES || length > left - RECORD_HEADER_BYTES) {
            return "length " + length + " does not fit the " + left + " bytes left";
        }
        CRC32C c = new CRC32C();
        c.update(b, at + RECORD_HEADER_BYTES, length);
        if ((int) c.getValue() != BinaryReader.intAt(b, at + 4)) {
            return "checksum mismatch";
        }
        long found = BinaryReader.longAt(b, at + RECORD_HEADER_BYTES);
        if (found != lsn) {
            return "numbered " + found + ", expected " + lsn;
        }
        return null;
    }
}
