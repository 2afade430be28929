package io.daybit.server.dto;

import io.daybit.engine.RfmSettings;

import java.util.List;
import java.util.Map;

/** A dataset's RFM settings, in the shape {@code PUT .../rfm} takes. */
public record RfmSettingsDto(int lookbackDays, String mode, Thresholds thresholds,
                             Map<String, List<String>> personas) {
    /** The fixed thresholds, each {@code [low, high]}. */
    public record Thresholds(List<Long> r, List<Long> f, List<Long> m) {
    }

    public static RfmSettingsDto of(RfmSettings s) {
        return new RfmSettingsDto(s.lookbackDays(), s.mode().wireName(),
                new Thresholds(pair(s.r()), pair(s.f()), pair(s.m())), s.personas());
    }

    private static List<Long> pair(RfmSettings.Thresholds t) {
        return List.of(t.low(), t.high());
    }
}
