package io.daybit.engine.persist;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable little-endian byte buffer that the log and snapshot formats are written into. Strings
 * are a varint byte length followed by UTF-8; a null string is the varint 0 and an empty one is
 * impossible to confuse with it because lengths are stored plus one. Not thread-safe.
 */
final class BinaryWriter {
    private byte[] bytes;
    private int position;

    BinaryWriter(int initialCapacity) {
        bytes = new byte[Math.max(64, initialCapacity)];
    }

    /** Bytes written so far. */
    int position() {
        return position;
    }

    /** The backing array; valid from 0 to {@link #position()}. */
    byte[] array() {
        return bytes;
    }

    /** Forgets what was written, keeping the capacity. */
    void reset() {
        position = 0;
    }

    /** Moves the write position back (or forward, over bytes already reserved). */
    void position(int newPosition) {
        ensure(newPosition - position);
        position = newPosition;
    }

    void putByte(int v) {
        ensure(1);
        bytes[position++] = (byte) v;
    }

    void putBoolean(boolean v) {
        putByte(v ? 1 : 0);
    }

    void putInt(int v) {
        ensure(4);
        putIntAt(position, v);
        position += 4;
    }

    /** Overwrites four bytes already written, e.g. a length known only at the end. */
    void putIntAt(int at, int v) {
        byte[] b = bytes;
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    void putLong(long v) {
        ensure(8);
        putLongAt(position, v);
        position += 8;
    }

    void putLongAt(int at, long v) {
        putIntAt(at, (int) v);
        putIntAt(at + 4, (int) (v >>> 32));
    }

    /** An unsigned LEB128 varint: 1 byte below 128, at most 5 for an int. */
    void putVarint(int v) {
        ensure(5);
        while ((v & ~0x7F) != 0) {
            bytes[position++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[position++] = (byte) v;
    }

    /** A signed long in zig-zag varint form: small magnitudes (quantities, amounts) take few bytes. */
    void putZigZag(long v) {
        ensure(10);
        long z = (v << 1) ^ (v >> 63);
        while ((z & ~0x7FL) != 0) {
            bytes[position++] = (byte) ((z & 0x7F) | 0x80);
            z >>>= 7;
        }
        bytes[position++] = (byte) z;
    }

    /** A string or null (see the class comment). */
    void putString(String s) {
        if (s == null) {
            putVarint(0);
            return;
        }
        if (isAscii(s)) {
            int n = s.length();
            putVarint(n + 1);
            ensure(n);
            for (int i = 0; i < n; i++) {
                bytes[position++] = (byte) s.charAt(i);
            }
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        putVarint(utf8.length + 1);
        putBytes(utf8, 0, utf8.length);
    }

    void putBytes(byte[] src, int offset, int length) {
        ensure(length);
        System.arraycopy(src, offset, bytes, position, length);
        position += length;
    }

    private static boolean isAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private void ensure(int more) {
        int needed = position + more;
        if (needed > bytes.length) {
            if (needed < 0) {
                throw new IllegalStateException("record over 2 GiB");
            }
            bytes = Arrays.copyOf(bytes, Math.max(needed, (int) Math.min(Integer.MAX_VALUE - 8, bytes.length * 2L)));
        }
    }
}
