package io.daybit.engine.persist;

import io.daybit.engine.store.SnapshotInput;
import io.daybit.engine.store.SnapshotOutput;
import org.roaringbitmap.RoaringBitmap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * One snapshot of a dataset's in-memory state, as of the log record {@code lsn}: restart loads it
 * and replays only the log after it.
 *
 * <pre>
 *  0                8         12        16              24        32
 *  +----------------+---------+---------+---------------+---------+------------------------+
 *  | magic DAYBTSNP | version | 0       | LSN (i64)     | 0       | body ...               |
 *  +----------------+---------+---------+---------------+---------+------------------------+
 *  ... body | length of header + body (i64) | crc32c (i32) | 0 (i32) | magic DAYBTEND |
 *             crc32c covers the header and the body
 * </pre>
 *
 * The body is what the dataset writes through {@link SnapshotOutput}: little-endian integers,
 * strings as a length (−1 for null) and UTF-8, arrays as a length and their elements, bitmaps as
 * a length and RoaringBitmap's portable serialization. A snapshot is written under a temporary
 * name, forced, and renamed into place, so a crash leaves either the whole file or none.
 */
final class SnapshotFile {
    static final String SUFFIX = ".snap";
    private static final long MAGIC = 0x504E535442594144L; // "DAYBTSNP" little-endian
    private static final long END = 0x444E455442594144L;   // "DAYBTEND" little-endian
    private static final int VERSION = 2;
    private static final int HEADER_BYTES = 32;
    private static final int TRAILER_BYTES = 24;
    private static final int BUFFER_BYTES = 1 << 20;

    private SnapshotFile() {
    }

    static String name(long lsn) {
        return String.format("%020d%s", lsn, SUFFIX);
    }

    /** The LSN a snapshot file is named after, or −1 when the name is not a snapshot's. */
    static long lsnOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX)) {
            return -1;
        }
        String digits = name.substring(0, name.length() - SUFFIX.length());
        return digits.matches("[0-9]{20}") ? Long.parseLong(digits) : -1;
    }

    /** What writes a snapshot's body. */
    @FunctionalInterface
    interface Body {
        void write(SnapshotOutput out);
    }

    /**
     * Writes a snapshot atomically into {@code dir}; returns its size in bytes.
     */
    static long write(Path dir, long lsn, Body body) throws IOException {
        Path target = dir.resolve(name(lsn));
        Path temp = dir.resolve(name(lsn) + ".tmp");
        long size;
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            Writer w = new Writer(ch);
            w.writeLong(MAGIC);
            w.writeInt(VERSION);
            w.writeInt(0);
            w.writeLong(lsn);
            w.writeLong(0);
            try {
                body.write(w);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            size = w.finish();
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Fsync.directory(dir);
        return size;
    }

    /** What reads a snapshot's body; returns what to do once the checksum is confirmed. */
    @FunctionalInterface
    interface Reader<T> {
        T read(SnapshotInput in);
    }

    /**
     * Reads a snapshot, checking its frame and checksum.
     *
     * @throws CorruptDataException       when the file is not a whole, intact snapshot of {@code lsn}
     * @throws UnsupportedFormatException when it is intact but of another format version
     */
    static <T> T read(Path file, long lsn, Reader<T> reader) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER_BYTES + TRAILER_BYTES) {
                throw new CorruptDataException(file + " is too short to be a snapshot");
            }
            ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, trailer, size - TRAILER_BYTES);
            long framed = trailer.getLong(0);
            int crc = trailer.getInt(8);
            if (trailer.getLong(16) != END || framed != size - TRAILER_BYTES) {
                throw new CorruptDataException(file + " is incomplete (no valid trailer)");
            }
            Input in = new Input(ch, framed);
            if (in.readLong() != MAGIC) {
                throw new CorruptDataException(file + " is not a Daybit snapshot");
            }
            int version = in.readInt();
            if (version != VERSION) {
                // a damaged version field is damage (fall back); an intact one is another format (refuse)
                in.drain();
                if (in.crc() != crc) {
                    throw new CorruptDataException(file + ": checksum mismatch");
                }
                throw new UnsupportedFormatException("snapshot", file, version, VERSION);
            }
            in.readInt();
            long found = in.readLong();
            if (found != lsn) {
                throw new CorruptDataException(file + " holds record " + found + ", its name says " + lsn);
            }
            in.readLong();
            T result;
            try {
                result = reader.read(in);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (RuntimeException e) {
                in.drain();
                if (in.crc() != crc) {
                    throw new CorruptDataException(file + ": checksum mismatch");
                }
                throw new CorruptDataException(file + " cannot be read: " + e.getMessage());
            }
            if (in.remaining() != 0) {
                in.drain();
                if (in.crc() != crc) {
                    throw new CorruptDataException(file + ": checksum mismatch");
                }
                throw new CorruptDataException(file + " has " + in.remaining() + " bytes nobody read");
            }
            if (in.crc() != crc) {
                throw new CorruptDataException(file + ": checksum mismatch");
            }
            return result;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long at) throws IOException {
        while (dst.hasRemaining()) {
            int n = ch.read(dst, at + dst.position());
            if (n < 0) {
                throw new CorruptDataException("unexpected end of a snapshot");
            }
        }
    }

    // ---------------------------------------------------------------- writing

    /** Buffers writes and checksums every byte on its way to the file. */
    private static final class Writer implements SnapshotOutput {
        private final FileChannel channel;
        private final ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();
        private long written;

        Writer(FileChannel channel) {
            this.channel = channel;
        }

        private void room(int bytes) {
            if (buf.remaining() < bytes) {
                flush();
            }
        }

        private void flush() {
            buf.flip();
            crc.update(buf.array(), 0, buf.limit());
            written += buf.limit();
            try {
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            buf.clear();
        }

        /** Writes the trailer; returns the file's size. */
        long finish() {
            flush();
            long framed = written;
            buf.putLong(framed);
            buf.putInt((int) crc.getValue());
            buf.putInt(0);
            buf.putLong(END);
            flush();
            return written;
        }

        @Override
        public void writeByte(int v) {
            room(1);
            buf.put((byte) v);
        }

        @Override
        public void writeInt(int v) {
            room(4);
            buf.putInt(v);
        }

        @Override
        public void writeLong(long v) {
            room(8);
            buf.putLong(v);
        }

        @Override
        public void writeString(String s) {
            if (s == null) {
                writeInt(-1);
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            writeBytes(utf8, utf8.length);
        }

        @Override
        public void writeInts(int[] a, int n) {
            writeInt(n);
            int at = 0;
            while (at < n) {
                room(4);
                int take = Math.min(n - at, buf.remaining() / 4);
                buf.asIntBuffer().put(a, at, take);
                buf.position(buf.position() + take * 4);
                at += take;
            }
        }

        @Override
        public void writeLongs(long[] a, int n) {
            writeInt(n);
            int at = 0;
            while (at < n) {
                room(8);
                int take = Math.min(n - at, buf.remaining() / 8);
                buf.asLongBuffer().put(a, at, take);
                buf.position(buf.position() + take * 8);
                at += take;
            }
        }

        @Override
        public void writeBytes(byte[] a, int n) {
            writeInt(n);
            int at = 0;
            while (at < n) {
                room(1);
                int take = Math.min(n - at, buf.remaining());
                buf.put(a, at, take);
                at += take;
            }
        }

        @Override
        public void writeBitmap(RoaringBitmap b) {
            int size = b.serializedSizeInBytes();
            writeInt(size);
            if (size <= buf.capacity()) {
                room(size);
                b.serialize(buf);
            } else {
                ByteBuffer big = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
                b.serialize(big);
                byte[] bytes = big.array();
                int at = 0;
                while (at < size) {
                    room(1);
                    int take = Math.min(size - at, buf.remaining());
                    buf.put(bytes, at, take);
                    at += take;
                }
            }
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads the framed part of a snapshot through a buffer, checksumming every byte as it is
     * loaded, and checks every length against what is left.
     */
    private static final class Input implements SnapshotInput {
        private final FileChannel channel;
        private final long end;
        private final ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();
        /** File position of the byte after the buffer's content. */
        private long loaded;

        Input(FileChannel channel, long end) {
            this.channel = channel;
            this.end = end;
            buf.limit(0);
        }

        int crc() {
            return (int) crc.getValue();
        }

        /** Bytes of the framed part not read yet. */
        long remaining() {
            return end - loaded + buf.remaining();
        }

        /** Loads the rest of the file into the checksum without decoding it. */
        void drain() {
            buf.position(buf.limit());
            while (loaded < end) {
                need(1);
                buf.position(buf.limit());
            }
        }

        /** Makes at least {@code bytes} (≤ the buffer's capacity) available. */
        private void need(int bytes) {
            if (buf.remaining() >= bytes) {
                return;
            }
            if (bytes > end - loaded + buf.remaining()) {
                throw new IllegalStateException("the snapshot ends early");
            }
            buf.compact();
            try {
                while (buf.position() < bytes) {
                    int max = (int) Math.min(buf.remaining(), end - loaded);
                    ByteBuffer window = buf.duplicate();
                    window.limit(window.position() + max);
                    int n = channel.read(window, loaded);
                    if (n <= 0) {
                        throw new IllegalStateException("the snapshot file ends early");
                    }
                    crc.update(buf.array(), buf.position(), n);
                    buf.position(buf.position() + n);
                    loaded += n;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            buf.flip();
        }

        private int length(int elementBytes) {
            int n = readInt();
            if (n < 0 || (long) n * elementBytes > remaining()) {
                throw new IllegalStateException("length " + n + " does not fit the snapshot");
            }
            return n;
        }

        @Override
        public int readByte() {
            need(1);
            return buf.get() & 0xFF;
        }

        @Override
        public int readInt() {
            need(4);
            return buf.getInt();
        }

        @Override
        public long readLong() {
            need(8);
            return buf.getLong();
        }

        @Override
        public String readString() {
            int n = readInt();
            if (n == -1) {
                return null;
            }
            if (n < 0 || n > remaining()) {
                throw new IllegalStateException("string length " + n + " does not fit the snapshot");
            }
            if (n <= buf.capacity()) {
                need(n);
                String s = new String(buf.array(), buf.position(), n, StandardCharsets.UTF_8);
                buf.position(buf.position() + n);
                return s;
            }
            byte[] utf8 = new byte[n];
            readInto(utf8);
            return new String(utf8, StandardCharsets.UTF_8);
        }

        @Override
        public int readCount(int minItemBytes) {
            int n = readInt();
            if (n < 0 || (long) n * minItemBytes > remaining()) {
                throw new IllegalStateException("count " + n + " does not fit the snapshot");
            }
            return n;
        }

        @Override
        public int[] readInts() {
            int n = length(4);
            int[] a = new int[n];
            int at = 0;
            while (at < n) {
                need(4);
                int take = Math.min(n - at, buf.remaining() / 4);
                buf.asIntBuffer().get(a, at, take);
                buf.position(buf.position() + take * 4);
                at += take;
            }
            return a;
        }

        @Override
        public long[] readLongs() {
            int n = length(8);
            long[] a = new long[n];
            int at = 0;
            while (at < n) {
                need(8);
                int take = Math.min(n - at, buf.remaining() / 8);
                buf.asLongBuffer().get(a, at, take);
                buf.position(buf.position() + take * 8);
                at += take;
            }
            return a;
        }

        @Override
        public byte[] readBytes() {
            byte[] a = new byte[length(1)];
            readInto(a);
            return a;
        }

        private void readInto(byte[] a) {
            int at = 0;
            while (at < a.length) {
                need(1);
                int take = Math.min(a.length - at, buf.remaining());
                buf.get(a, at, take);
                at += take;
            }
        }

        @Override
        public void readBitmap(RoaringBitmap into) {
            int size = length(1);
            ByteBuffer src;
            if (size <= buf.capacity()) {
                need(size);
                src = buf.slice().order(ByteOrder.LITTLE_ENDIAN);
                src.limit(size);
                buf.position(buf.position() + size);
            } else {
                byte[] bytes = new byte[size];
                readInto(bytes);
                src = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            }
            try {
                into.deserialize(src);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("damaged bitmap in the snapshot: " + e.getMessage());
            }
            if (into.serializedSizeInBytes() != size) {
                throw new IllegalStateException("a bitmap of another length than written in the snapshot");
            }
        }
    }
}
