package io.daybit.engine.store;

import org.roaringbitmap.RoaringBitmap;

/**
 * Reads back what {@link SnapshotOutput} wrote, in the same order. Every length is checked against
 * what is left to read, so a damaged snapshot fails with {@link IllegalStateException} instead of
 * allocating a huge array.
 */
public interface SnapshotInput {
    int readByte();

    int readInt();

    long readLong();

    /** A string or null. */
    String readString();

    /** A count of items that follow, each at least {@code minItemBytes} long. */
    int readCount(int minItemBytes);

    int[] readInts();

    long[] readLongs();

    byte[] readBytes();

    /** Reads a bitmap into {@code into}, replacing its content. */
    void readBitmap(RoaringBitmap into);

    /** Checks a marker written by {@link SnapshotOutput#writeSection}. */
    default void readSection(int tag) {
        int found = readInt();
        if (found != tag) {
            throw new IllegalStateException("snapshot section " + Integer.toHexString(found) + " where "
                    + Integer.toHexString(tag) + " belongs");
        }
    }
}
