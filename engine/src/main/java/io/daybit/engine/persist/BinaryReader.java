package io.daybit.engine.persist;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link BinaryWriter} wrote, from a slice of a byte array. Every read checks the
 * slice's end, so a record whose checksum matched but whose content is not what this version
 * writes fails with {@link CorruptDataException} instead of reading past it.
 */
final class BinaryReader {
    private final byte[] bytes;
    private final int end;
    private int position;

    BinaryReader(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.position = offset;
        this.end = offset + length;
    }

    int position() {
        return position;
    }

    int remaining() {
        return end - position;
    }

    int getByte() {
        need(1);
        return bytes[position++] & 0xFF;
    }

    boolean getBoolean() {
        int b = getByte();
        if (b > 1) {
            throw new CorruptDataException("boolean byte " + b);
        }
        return b == 1;
    }

    int getInt() {
        need(4);
        int v = intAt(bytes, position);
        position += 4;
        return v;
    }

    long getLong() {
        need(8);
        long v = longAt(bytes, position);
        position += 8;
        return v;
    }

    int getVarint() {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = getByte();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new CorruptDataException("varint longer than 5 bytes");
    }

    long getZigZag() {
        long z = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = getByte();
            z |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (z >>> 1) ^ -(z & 1);
            }
        }
        throw new CorruptDataException("varint longer than 10 bytes");
    }

    /** A count of items that follow, each at least {@code minItemBytes} long. */
    int getCount(int minItemBytes) {
        int n = getVarint();
        if (n < 0 || (long) n * minItemBytes > remaining()) {
            throw new CorruptDataException("count " + n + " does not fit the record");
        }
        return n;
    }

    String getString() {
        int n = getVarint();
        if (n == 0) {
            return null;
        }
        int length = n - 1;
        if (length < 0) {
            throw new CorruptDataException("string length " + length);
        }
        need(length);
        String s = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return s;
    }

    void skip(int n) {
        need(n);
        position += n;
    }

    static int intAt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    static long longAt(byte[] b, int at) {
        return (intAt(b, at) & 0xFFFF_FFFFL) | (long) intAt(b, at + 4) << 32;
    }

    private void need(int n) {
        if (n < 0 || n > end - position) {
            throw new CorruptDataException("record ends " + (end - position) + " bytes early, needed " + n);
        }
    }
}
