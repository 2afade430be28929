package io.daybit.engine.store;

import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * Decides which purchase lines are hub-attributed (METRICS.md §3) whatever the order of arrival.
 *
 * <p>A line of a purchase with a positive amount that did not come {@code via_hub} is attributed
 * when the same account had a {@code hub_product} event for the same product at an instant
 * {@code t} with {@code t ≤ order.ts ≤ t + window}. Because either side may arrive first, both are
 * kept per (account, product) key: the instants of hub product events, and the candidate lines not
 * yet attributed. An arriving hub event attributes the waiting lines it covers; an arriving line
 * checks the hub events already seen. Attribution is permanent (no event is ever removed), so an
 * attributed line is never stored.
 *
 * <p>Both lists are singly linked lists threaded through primitive arrays, with one hash map
 * from key to list head each: no object per event.
 */
public final class HubAttribution {
    private static final int NONE = -1;

    private final long windowMicros;
    /** Both replaced, sized for their content, only when a snapshot is read into a new instance. */
    private Long2LongHashMap hubHead = new Long2LongHashMap(NONE);
    private Long2LongHashMap lineHead = new Long2LongHashMap(NONE);

    private long[] hubTs = new long[1024];
    private int[] hubNext = new int[1024];
    private int hubCount;

    private long[] lineTs = new long[1024];
    private long[] lineAmount = new long[1024];
    private int[] lineDay = new int[1024];
    private int[] lineNext = new int[1024];
    private int lineCount;

    /** Receives the amount and day of a line when it becomes attributed. */
    @FunctionalInterface
    public interface Sink {
        void attributed(int epochDay, long amount);
    }

    public HubAttribution(long windowMicros) {
        this.windowMicros = windowMicros;
    }

    /** The key of an (account, product) pair. */
    public static long key(int account, int product) {
        return ((long) account << 32) | (product & 0xFFFF_FFFFL);
    }

    /** Records a hub product event and attributes the waiting lines it covers. */
    public void hubProduct(long key, long tsMicros, Sink sink) {
        if (hubCount == hubTs.length) {
            hubTs = Arrays.copyOf(hubTs, hubCount * 2);
            hubNext = Arrays.copyOf(hubNext, hubCount * 2);
        }
        int node = hubCount++;
        hubTs[node] = tsMicros;
        hubNext[node] = (int) hubHead.get(key);
        hubHead.put(key, node);

        int prev = NONE;
        int line = (int) lineHead.get(key);
        while (line != NONE) {
            int next = lineNext[line];
            long ts = lineTs[line];
            if (tsMicros <= ts && ts - tsMicros <= windowMicros) {
                sink.attributed(lineDay[line], lineAmount[line]);
                if (prev == NONE) {
                    if (next == NONE) {
                        lineHead.remove(key);
                    } else {
                        lineHead.put(key, next);
                    }
                } else {
                    lineNext[prev] = next;
                }
            } else {
                prev = line;
            }
            line = next;
        }
    }

    /**
     * Offers a candidate line (positive amount, not via hub, of a purchase): attributes it at once
     * when a hub event already covers it, otherwise keeps it waiting.
     */
    public void candidateLine(long key, long orderTsMicros, int epochDay, long amount, Sink sink) {
        int hub = (int) hubHead.get(key);
        while (hub != NONE) {
            long t = hubTs[hub];
            if (t <= orderTsMicros && orderTsMicros - t <= windowMicros) {
                sink.attributed(epochDay, amount);
                return;
            }
            hub = hubNext[hub];
        }
        if (lineCount == lineTs.length) {
            int n = lineCount * 2;
            lineTs = Arrays.copyOf(lineTs, n);
            lineAmount = Arrays.copyOf(lineAmount, n);
            lineDay = Arrays.copyOf(lineDay, n);
            lineNext = Arrays.copyOf(lineNext, n);
        }
        int node = lineCount++;
        lineTs[node] = orderTsMicros;
        lineAmount[node] = amount;
        lineDay[node] = epochDay;
        lineNext[node] = (int) lineHead.get(key);
        lineHead.put(key, node);
    }

    /** Bytes held, roughly. */
    public long sizeInBytes() {
        return (long) hubTs.length * 12 + (long) lineTs.length * 24 + (hubHead.size() + lineHead.size()) * 32L;
    }

    /** Writes both lists and their heads. */
    void writeTo(SnapshotOutput out) {
        writeHeads(out, hubHead);
        out.writeLongs(hubTs, hubCount);
        out.writeInts(hubNext, hubCount);
        writeHeads(out, lineHead);
        out.writeLongs(lineTs, lineCount);
        out.writeLongs(lineAmount, lineCount);
        out.writeInts(lineDay, lineCount);
        out.writeInts(lineNext, lineCount);
    }

    private static void writeHeads(SnapshotOutput out, Long2LongHashMap heads) {
        long[] pairs = new long[heads.size() * 2];
        int[] at = {0};
        heads.forEachLong((k, v) -> {
            pairs[at[0]++] = k;
            pairs[at[0]++] = v;
        });
        out.writeLongs(pairs, pairs.length);
    }

    /** Reads what {@link #writeTo} wrote into this empty attribution. */
    void readFrom(SnapshotInput in) {
        hubHead = readHeads(in);
        hubTs = in.readLongs();
        hubCount = hubTs.length;
        hubNext = in.readInts();
        lineHead = readHeads(in);
        lineTs = in.readLongs();
        lineCount = lineTs.length;
        lineAmount = in.readLongs();
        lineDay = in.readInts();
        lineNext = in.readInts();
        if (hubNext.length != hubCount || lineAmount.length != lineCount || lineDay.length != lineCount
                || lineNext.length != lineCount) {
            throw new IllegalStateException("damaged hub attribution in a snapshot");
        }
        // appending grows the arrays by doubling: never from a length of 0
        int hubs = Math.max(1024, hubCount);
        hubTs = Arrays.copyOf(hubTs, hubs);
        hubNext = Arrays.copyOf(hubNext, hubs);
        int lines = Math.max(1024, lineCount);
        lineTs = Arrays.copyOf(lineTs, lines);
        lineAmount = Arrays.copyOf(lineAmount, lines);
        lineDay = Arrays.copyOf(lineDay, lines);
        lineNext = Arrays.copyOf(lineNext, lines);
    }

    private static Long2LongHashMap readHeads(SnapshotInput in) {
        long[] pairs = in.readLongs();
        Long2LongHashMap heads = new Long2LongHashMap(HeapAccountDictionary.presized(pairs.length / 2), 0.65f, NONE);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            heads.put(pairs[i], pairs[i + 1]);
        }
        return heads;
    }
}
