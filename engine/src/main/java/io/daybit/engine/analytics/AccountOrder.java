package io.daybit.engine.analytics;

import java.util.Arrays;

/**
 * Every account of a dataset sorted by external id in UTF-8 byte order, the order in which segment
 * members are listed. Holds its own copy of the ids (dense id → external id), so that it is read
 * without the dataset's lock. Kept up to date incrementally: accounts added since the last call are
 * sorted on their own and merged in.
 *
 * <p>UTF-8 byte order is Unicode code point order, which differs from {@link String#compareTo}
 * (UTF-16 code units) only between supplementary characters (surrogate pairs) and the characters
 * U+E000–U+FFFF: "😀" (U+1F600) sorts after "Ａ" (U+FF21) in UTF-8, before it in UTF-16.
 */
final class AccountOrder {
    private int[] order = new int[0];
    private String[] names = new String[0];
    private int size;

    /** Merges in accounts {@code size() .. size() + added.length − 1}, whose ids are {@code added}. */
    void add(String[] added) {
        if (added.length == 0) {
            return;
        }
        int n = size + added.length;
        String[] all = Arrays.copyOf(names, n);
        System.arraycopy(added, 0, all, size, added.length);
        names = all;
        Integer[] fresh = new Integer[added.length];
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = size + i;
        }
        Arrays.sort(fresh, (x, y) -> compare(all[x], all[y]));
        int[] merged = new int[n];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < size && j < fresh.length) {
            int fromOld = order[i];
            int fromNew = fresh[j];
            if (compare(all[fromOld], all[fromNew]) <= 0) {
                merged[k++] = fromOld;
                i++;
            } else {
                merged[k++] = fromNew;
                j++;
            }
        }
        while (i < size) {
            merged[k++] = order[i++];
        }
        while (j < fresh.length) {
            merged[k++] = fresh[j++];
        }
        order = merged;
        size = n;
    }

    /** Number of accounts. */
    int size() {
        return size;
    }

    /** The dense id of the account at a rank. */
    int account(int rank) {
        return order[rank];
    }

    /** The external id of a dense id. */
    String name(int account) {
        return names[account];
    }

    /** The number of accounts whose id is at or before {@code id} in UTF-8 byte order. */
    int countAtOrBefore(String id) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(names[order[mid]], id) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Compares two strings as their UTF-8 encodings compare byte-wise (code point order). */
    static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return Integer.compare(codePointRank(x), codePointRank(y));
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    /** Moves surrogates above U+E000–U+FFFF, so that code units compare as their code points do. */
    private static int codePointRank(char c) {
        if (c < 0xD800) {
            return c;
        }
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }
}
