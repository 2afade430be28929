package io.daybit.engine.analytics;

import io.daybit.engine.store.AccountDictionary;

import java.util.Arrays;

/**
 * Every account of a dataset sorted by external id in UTF-8 byte order, the order in which segment
 * members are listed. Kept up to date incrementally: accounts seen since the last sync are sorted
 * on their own and merged in.
 *
 * <p>UTF-8 byte order is Unicode code point order, which differs from {@link String#compareTo}
 * (UTF-16 code units) only between supplementary characters (surrogate pairs) and the characters
 * U+E000–U+FFFF: "😀" (U+1F600) sorts after "Ａ" (U+FF21) in UTF-8, before it in UTF-16.
 */
final class AccountOrder {
    private int[] order = new int[0];
    private int size;

    /** Merges in the accounts added to the dictionary since the last call. */
    void sync(AccountDictionary dictionary) {
        int n = dictionary.size();
        if (n == size) {
            return;
        }
        Integer[] fresh = new Integer[n - size];
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = size + i;
        }
        Arrays.sort(fresh, (x, y) -> compare(dictionary.name(x), dictionary.name(y)));
        int[] merged = new int[n];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < size && j < fresh.length) {
            int fromOld = order[i];
            int fromNew = fresh[j];
            if (compare(dictionary.name(fromOld), dictionary.name(fromNew)) <= 0) {
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

    /** The number of accounts whose id is at or before {@code id} in UTF-8 byte order. */
    int countAtOrBefore(AccountDictionary dictionary, String id) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(dictionary.name(order[mid]), id) <= 0) {
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
