package io.daybit.server.dto;

import io.daybit.engine.DatasetInfo;
import io.daybit.engine.DatasetSettings;

/**
 * A dataset: its settings and size. {@code accounts} counts every distinct account id of its
 * accepted events (guests included); {@code first_day}/{@code last_day} are null without events.
 */
public record DatasetDto(String name, String timezone, String currency, int attributionWindowHours,
                         RfmSettingsDto rfm, long accounts, long events, String firstDay, String lastDay) {
    public static DatasetDto of(DatasetInfo info) {
        DatasetSettings s = info.settings();
        return new DatasetDto(info.name(), s.timezone().getId(), s.currency(), s.attributionWindowHours(),
                RfmSettingsDto.of(s.rfm()), info.accounts(), info.events(),
                info.firstDay() == null ? null : info.firstDay().toString(),
                info.lastDay() == null ? null : info.lastDay().toString());
    }
}
