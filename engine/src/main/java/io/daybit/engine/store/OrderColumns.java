package io.daybit.engine.store;

import java.util.Arrays;

/**
 * Every accepted order (purchases, refunds and zero-total orders), one row each in arrival order,
 * as primitive columns: the raw material that §4 and §5 aggregate.
 */
public final class OrderColumns {
    /** Store id of an order without a store. */
    public static final int NO_STORE = -1;

    private int[] account = new int[1024];
    private int[] day = new int[1024];
    private long[] total = new long[1024];
    private long[] items = new long[1024];
    private long[] discount = new long[1024];
    private byte[] channel = new byte[1024];
    private int[] store = new int[1024];
    private boolean[] signedIn = new boolean[1024];
    private int size;

    /** Appends an order; returns its row. */
    public int append(int accountId, int epochDay, long orderTotal, long orderItems, long orderDiscount,
                      int channelOrdinal, int storeId, boolean signed) {
        if (size == account.length) {
            int n = size * 2;
            account = Arrays.copyOf(account, n);
            day = Arrays.copyOf(day, n);
            total = Arrays.copyOf(total, n);
            items = Arrays.copyOf(items, n);
            discount = Arrays.copyOf(discount, n);
            channel = Arrays.copyOf(channel, n);
            store = Arrays.copyOf(store, n);
            signedIn = Arrays.copyOf(signedIn, n);
        }
        int row = size++;
        account[row] = accountId;
        day[row] = epochDay;
        total[row] = orderTotal;
        items[row] = orderItems;
        discount[row] = orderDiscount;
        channel[row] = (byte) channelOrdinal;
        store[row] = storeId;
        signedIn[row] = signed;
        return row;
    }

    public int size() {
        return size;
    }

    public int account(int row) {
        return account[row];
    }

    public int day(int row) {
        return day[row];
    }

    public long total(int row) {
        return total[row];
    }

    public long items(int row) {
        return items[row];
    }

    public long discount(int row) {
        return discount[row];
    }

    public int channel(int row) {
        return channel[row];
    }

    public int store(int row) {
        return store[row];
    }

    public boolean signedIn(int row) {
        return signedIn[row];
    }

    /** Bytes held, roughly. */
    public long sizeInBytes() {
        return (long) account.length * (4 + 4 + 8 + 8 + 8 + 1 + 4 + 1);
    }

    /** Writes every row. */
    void writeTo(SnapshotOutput out) {
        out.writeInt(size);
        out.writeInts(account, size);
        out.writeInts(day, size);
        out.writeLongs(total, size);
        out.writeLongs(items, size);
        out.writeLongs(discount, size);
        out.writeBytes(channel, size);
        out.writeInts(store, size);
        byte[] signed = new byte[size];
        for (int i = 0; i < size; i++) {
            signed[i] = (byte) (signedIn[i] ? 1 : 0);
        }
        out.writeBytes(signed, size);
    }

    /** Reads what {@link #writeTo} wrote into these empty columns. */
    void readFrom(SnapshotInput in) {
        int n = in.readCount(0);
        int capacity = Math.max(1024, n);
        account = Arrays.copyOf(checkLength(in.readInts(), n), capacity);
        day = Arrays.copyOf(checkLength(in.readInts(), n), capacity);
        total = Arrays.copyOf(checkLength(in.readLongs(), n), capacity);
        items = Arrays.copyOf(checkLength(in.readLongs(), n), capacity);
        discount = Arrays.copyOf(checkLength(in.readLongs(), n), capacity);
        channel = Arrays.copyOf(checkLength(in.readBytes(), n), capacity);
        store = Arrays.copyOf(checkLength(in.readInts(), n), capacity);
        byte[] signed = checkLength(in.readBytes(), n);
        signedIn = new boolean[capacity];
        for (int i = 0; i < n; i++) {
            signedIn[i] = signed[i] != 0;
        }
        size = n;
    }

    private static int[] checkLength(int[] a, int n) {
        if (a.length != n) {
            throw new IllegalStateException("order column of " + a.length + " rows, expected " + n);
        }
        return a;
    }

    private static long[] checkLength(long[] a, int n) {
        if (a.length != n) {
            throw new IllegalStateException("order column of " + a.length + " rows, expected " + n);
        }
        return a;
    }

    private static byte[] checkLength(byte[] a, int n) {
        if (a.length != n) {
            throw new IllegalStateException("order column of " + a.length + " rows, expected " + n);
        }
        return a;
    }
}
