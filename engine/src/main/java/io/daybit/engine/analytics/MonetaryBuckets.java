package io.daybit.engine.analytics;

/**
 * An order-preserving map from monetary values to {@value #BUCKETS} buckets, with the count of
 * customers in each and a list of its accounts, so that the k-th smallest value and the accounts
 * between two values are found without sorting.
 *
 * <p>Values 1 to 65,535 minor units each have their own bucket (exact: the k-th value is the
 * bucket's number). Above that, a bucket is one of 4,096 slices of a power of two, so it spans at
 * most 1/4096 of its values; values of 0 or below (only reachable by overflow) share bucket 0.
 * Counts are kept at two levels, per bucket and per group of 512 buckets, so that an update
 * touches two counters and a rank lookup scans at most 504 + 512 of them.
 */
final class MonetaryBuckets {
    static final int BUCKETS = 65_536 + 47 * 4_096;
    private static final int GROUP_SHIFT = 9;

    private final int[] count = new int[BUCKETS];
    private final int[] groupCount = new int[(BUCKETS >> GROUP_SHIFT) + 1];
    /** First account of each bucket's list, or -1. */
    private final int[] head = new int[BUCKETS];

    MonetaryBuckets() {
        java.util.Arrays.fill(head, -1);
    }

    /** The bucket of a value; monotone in the value. */
    static int bucket(long value) {
        if (value < 65_536) {
            return value <= 0 ? 0 : (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        int mantissa = (int) ((value >>> (exponent - 12)) & 0xFFF);
        return 65_536 + ((exponent - 16) << 12) + mantissa;
    }

    /** Whether every value of the bucket is the same: the bucket's number. */
    static boolean exact(int bucket) {
        return bucket > 0 && bucket < 65_536;
    }

    int head(int bucket) {
        return head[bucket];
    }

    void setHead(int bucket, int account) {
        head[bucket] = account;
    }

    void increment(int bucket) {
        count[bucket]++;
        groupCount[bucket >> GROUP_SHIFT]++;
    }

    void decrement(int bucket) {
        count[bucket]--;
        groupCount[bucket >> GROUP_SHIFT]--;
    }

    /**
     * The bucket holding the value of 1-based rank {@code k}, and in {@code below[0]} the number
     * of values in earlier buckets. {@code k} must be at most the number of values.
     */
    int bucketOfRank(long k, long[] below) {
        long cum = 0;
        int g = 0;
        while (cum + groupCount[g] < k) {
            cum += groupCount[g];
            g++;
        }
        int b = g << GROUP_SHIFT;
        while (cum + count[b] < k) {
            cum += count[b];
            b++;
        }
        below[0] = cum;
        return b;
    }

    void clear() {
        java.util.Arrays.fill(count, 0);
        java.util.Arrays.fill(groupCount, 0);
        java.util.Arrays.fill(head, -1);
    }
}
