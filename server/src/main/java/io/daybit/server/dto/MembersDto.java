package io.daybit.server.dto;

import io.daybit.engine.analytics.MemberPage;

import java.util.List;

/** {@code GET .../rfm/members}: a page of account ids and the cursor of the next page (null at the end). */
public record MembersDto(List<String> accounts, String next) {
    public static MembersDto of(MemberPage page) {
        return new MembersDto(page.accounts(), page.next());
    }
}
