package io.daybit.server.dto;

import io.daybit.engine.analytics.Cohort;
import io.daybit.engine.analytics.RetentionReport;

import java.util.ArrayList;
import java.util.List;

/** {@code GET .../retention}: the cohorts of a range by week or month. */
public record RetentionDto(RangeDto range, String period, String by, List<CohortDto> cohorts) {
    /** One cohort: its whole period, its size, and the retained members per period k. */
    public record CohortDto(String start, String end, long size, List<Long> retained) {
    }

    public static RetentionDto of(RetentionReport r) {
        List<CohortDto> cohorts = new ArrayList<>(r.cohorts().size());
        for (Cohort c : r.cohorts()) {
            cohorts.add(new CohortDto(c.start().toString(), c.end().toString(), c.size(), c.retained()));
        }
        return new RetentionDto(RangeDto.of(r.range()), r.period().wireName(), r.by().wireName(), cohorts);
    }
}
