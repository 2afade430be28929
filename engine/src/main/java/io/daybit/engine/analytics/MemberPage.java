package io.daybit.engine.analytics;

import java.util.List;

/**
 * A page of segment members, ordered by external id byte-wise in UTF-8.
 *
 * @param next the last id of the page to pass as {@code after}, or null when no account follows
 */
public record MemberPage(List<String> accounts, String next) {
    public MemberPage {
        accounts = List.copyOf(accounts);
    }
}
