package io.daybit.server.dto;

import io.daybit.engine.model.Channel;
import io.daybit.engine.query.UsersOverview;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET .../users/overview}: users and consent as of {@code today}. */
public record UsersOverviewDto(String today, long users, long consented, Map<String, Long> consentedByChannel) {
    public static UsersOverviewDto of(UsersOverview u) {
        Map<String, Long> byChannel = new LinkedHashMap<>();
        for (Channel c : Channel.values()) {
            byChannel.put(c.wireName(), u.consentedByChannel().getOrDefault(c, 0L));
        }
        return new UsersOverviewDto(u.today() == null ? null : u.today().toString(), u.users(), u.consented(),
                byChannel);
    }
}
