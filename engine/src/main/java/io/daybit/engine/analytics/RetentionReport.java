package io.daybit.engine.analytics;

import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Granularity;

import java.util.List;

/** Retention cohorts over a range (METRICS.md §6), by week or month. */
public record RetentionReport(DayRange range, Granularity period, RetentionBy by, List<Cohort> cohorts) {
    public RetentionReport {
        cohorts = List.copyOf(cohorts);
    }
}
