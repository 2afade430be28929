package io.daybit.engine.store;

import org.roaringbitmap.RoaringBitmap;

/**
 * Where the store writes its state for a snapshot. The store decides what to write (each class
 * its own primary state, in a fixed order); the implementation decides where it goes and checksums
 * it. Arrays carry their length; bitmaps use RoaringBitmap's portable format.
 */
public interface SnapshotOutput {
    void writeByte(int v);

    void writeInt(int v);

    void writeLong(long v);

    /** A string or null. */
    void writeString(String s);

    /** The first {@code n} elements, with {@code n}. */
    void writeInts(int[] a, int n);

    /** The first {@code n} elements, with {@code n}. */
    void writeLongs(long[] a, int n);

    /** The first {@code n} elements, with {@code n}. */
    void writeBytes(byte[] a, int n);

    void writeBitmap(RoaringBitmap b);

    /** A marker checked on reading, so that a reader out of step with the writer fails at once. */
    default void writeSection(int tag) {
        writeInt(tag);
    }
}
