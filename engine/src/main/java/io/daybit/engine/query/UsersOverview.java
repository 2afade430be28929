package io.daybit.engine.query;

import io.daybit.engine.model.Channel;

import java.time.LocalDate;
import java.util.Map;

/**
 * Users and consent as of a day (METRICS.md §4): accounts created on or before {@code today}, and
 * of those, the consented ones by current state.
 *
 * @param consentedByChannel every channel, also those with nobody consented
 */
public record UsersOverview(LocalDate today, long users, long consented, Map<Channel, Long> consentedByChannel) {
    public UsersOverview {
        consentedByChannel = Map.copyOf(consentedByChannel);
    }
}
