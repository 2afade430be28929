package io.daybit.engine.store;

import io.daybit.engine.model.Channel;
import org.roaringbitmap.RoaringBitmap;

import java.util.Arrays;

/**
 * Per-account state that is not tied to a day: the instant of creation (earliest
 * {@code account_created}), and contact validity and consent per channel as current state
 * (latest {@code ts} wins; on equal {@code ts}, {@code false} wins), with bitmaps of the accounts
 * consented per channel and on any channel kept in step.
 */
public final class AccountState {
    /** Sentinel instant of an account never created (a guest). */
    public static final long NOT_CREATED = Long.MAX_VALUE;
    private static final int CHANNELS = Channel.values().length;

    private long[] createdMicros = new long[0];
    private int[] createdDay = new int[0];
    /** Per channel, per account: instant of the latest contact event, or Long.MIN_VALUE. */
    private final long[][] contactTs = new long[CHANNELS][0];
    private final long[][] consentTs = new long[CHANNELS][0];
    private final RoaringBitmap[] contactValid = newBitmaps();
    private final RoaringBitmap[] consentGranted = newBitmaps();
    private final RoaringBitmap[] consented = newBitmaps();
    private final RoaringBitmap consentedAny = new RoaringBitmap();
    private final RoaringBitmap created = new RoaringBitmap();
    private int capacity;

    private static RoaringBitmap[] newBitmaps() {
        RoaringBitmap[] b = new RoaringBitmap[CHANNELS];
        for (int i = 0; i < CHANNELS; i++) {
            b[i] = new RoaringBitmap();
        }
        return b;
    }

    /** Makes room for accounts 0 .. account. */
    public void ensure(int account) {
        if (account < capacity) {
            return;
        }
        int n = Math.max(account + 1, capacity * 2);
        int old = capacity;
        createdMicros = Arrays.copyOf(createdMicros, n);
        Arrays.fill(createdMicros, old, n, NOT_CREATED);
        createdDay = Arrays.copyOf(createdDay, n);
        for (int c = 0; c < CHANNELS; c++) {
            contactTs[c] = Arrays.copyOf(contactTs[c], n);
            Arrays.fill(contactTs[c], old, n, Long.MIN_VALUE);
            consentTs[c] = Arrays.copyOf(consentTs[c], n);
            Arrays.fill(consentTs[c], old, n, Long.MIN_VALUE);
        }
        capacity = n;
    }

    /**
     * Records an {@code account_created} at an instant on a day.
     *
     * @return the previous creation day when this event moves an existing creation earlier,
     *     {@link Integer#MIN_VALUE} when the account was not created before, or
     *     {@link Integer#MAX_VALUE} when nothing changed (a later duplicate creation)
     */
    public int create(int account, long tsMicros, int epochDay) {
        long current = createdMicros[account];
        if (tsMicros >= current) {
            return Integer.MAX_VALUE;
        }
        createdMicros[account] = tsMicros;
        int previousDay = current == NOT_CREATED ? Integer.MIN_VALUE : createdDay[account];
        createdDay[account] = epochDay;
        created.add(account);
        return previousDay;
    }

    /** Applies a contact-validity event under the latest-wins rule. */
    public void contact(int account, Channel channel, long tsMicros, boolean valid) {
        int c = channel.ordinal();
        if (latestWins(contactTs[c], contactValid[c], account, tsMicros, valid)) {
            refreshConsented(account, c);
        }
    }

    /** Applies a consent event under the latest-wins rule. */
    public void consent(int account, Channel channel, long tsMicros, boolean granted) {
        int c = channel.ordinal();
        if (latestWins(consentTs[c], consentGranted[c], account, tsMicros, granted)) {
            refreshConsented(account, c);
        }
    }

    private static boolean latestWins(long[] ts, RoaringBitmap values, int account, long tsMicros, boolean value) {
        long current = ts[account];
        if (tsMicros < current) {
            return false;
        }
        boolean now = values.contains(account);
        boolean next = tsMicros > current ? value : now && value;
        ts[account] = tsMicros;
        if (next == now) {
            return false;
        }
        if (next) {
            values.add(account);
        } else {
            values.remove(account);
        }
        return true;
    }

    private void refreshConsented(int account, int c) {
        boolean on = contactValid[c].contains(account) && consentGranted[c].contains(account);
        if (on) {
            consented[c].add(account);
        } else {
            consented[c].remove(account);
        }
        boolean any = false;
        for (int i = 0; i < CHANNELS; i++) {
            any |= consented[i].contains(account);
        }
        if (any) {
            consentedAny.add(account);
        } else {
            consentedAny.remove(account);
        }
    }

    /** The epoch day of creation, or {@link Integer#MIN_VALUE} for a guest. */
    public int createdDay(int account) {
        return account < capacity && createdMicros[account] != NOT_CREATED ? createdDay[account] : Integer.MIN_VALUE;
    }

    /** Whether the account was ever created. */
    public boolean isCreated(int account) {
        return account < capacity && createdMicros[account] != NOT_CREATED;
    }

    /** Accounts consented on the channel (current state); read-only view. */
    public RoaringBitmap consentedOn(Channel channel) {
        return consented[channel.ordinal()];
    }

    /** Accounts consented on at least one channel (current state); read-only view. */
    public RoaringBitmap consentedAny() {
        return consentedAny;
    }

    /** Accounts ever created; read-only view. */
    public RoaringBitmap created() {
        return created;
    }

    /** Bytes held, roughly. */
    public long sizeInBytes() {
        long bytes = (long) capacity * (Long.BYTES + Integer.BYTES + 2L * CHANNELS * Long.BYTES);
        for (int c = 0; c < CHANNELS; c++) {
            bytes += contactValid[c].getLongSizeInBytes() + consentGranted[c].getLongSizeInBytes()
                    + consented[c].getLongSizeInBytes();
        }
        return bytes + consentedAny.getLongSizeInBytes() + created.getLongSizeInBytes();
    }

    /** Writes the state of accounts 0 .. accounts − 1. */
    void writeTo(SnapshotOutput out, int accounts) {
        out.writeInt(accounts);
        out.writeLongs(createdMicros, accounts);
        out.writeInts(createdDay, accounts);
        for (int c = 0; c < CHANNELS; c++) {
            out.writeLongs(contactTs[c], accounts);
            out.writeLongs(consentTs[c], accounts);
            out.writeBitmap(contactValid[c]);
            out.writeBitmap(consentGranted[c]);
            out.writeBitmap(consented[c]);
        }
        out.writeBitmap(consentedAny);
        out.writeBitmap(created);
    }

    /** Reads what {@link #writeTo} wrote into this empty state. */
    void readFrom(SnapshotInput in) {
        int n = in.readCount(0);
        createdMicros = exactly(in.readLongs(), n);
        createdDay = exactly(in.readInts(), n);
        for (int c = 0; c < CHANNELS; c++) {
            contactTs[c] = exactly(in.readLongs(), n);
            consentTs[c] = exactly(in.readLongs(), n);
            in.readBitmap(contactValid[c]);
            in.readBitmap(consentGranted[c]);
            in.readBitmap(consented[c]);
        }
        in.readBitmap(consentedAny);
        in.readBitmap(created);
        capacity = n;
    }

    private static long[] exactly(long[] a, int n) {
        if (a.length != n) {
            throw new IllegalStateException("account column of " + a.length + " accounts, expected " + n);
        }
        return a;
    }

    private static int[] exactly(int[] a, int n) {
        if (a.length != n) {
            throw new IllegalStateException("account column of " + a.length + " accounts, expected " + n);
        }
        return a;
    }
}
