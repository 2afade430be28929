package io.daybit.engine.analytics;

import java.time.LocalDate;
import java.util.List;

/**
 * One retention cohort: accounts created in the period [start, end] (whole, not clipped) and
 * within the range; {@code retained[k]} of them active in period k from the cohort's own.
 */
public record Cohort(LocalDate start, LocalDate end, long size, List<Long> retained) {
    public Cohort {
        retained = List.copyOf(retained);
    }
}
