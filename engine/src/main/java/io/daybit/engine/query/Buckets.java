package io.daybit.engine.query;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/** Splits ranges into calendar periods: days, ISO weeks (Monday first), months. */
public final class Buckets {
    private Buckets() {
    }

    /** The first day of the period of {@code granularity} that contains {@code day}. */
    public static LocalDate periodStart(LocalDate day, Granularity granularity) {
        return switch (granularity) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    /** The last day of the period of {@code granularity} that starts on {@code start}. */
    public static LocalDate periodEnd(LocalDate start, Granularity granularity) {
        return switch (granularity) {
            case DAY -> start;
            case WEEK -> start.plusDays(6);
            case MONTH -> start.with(TemporalAdjusters.lastDayOfMonth());
        };
    }

    /** The periods that intersect the range, clipped to it, in order. */
    public static List<DayRange> split(DayRange range, Granularity granularity) {
        List<DayRange> out = new ArrayList<>();
        LocalDate start = range.from();
        while (!start.isAfter(range.to())) {
            LocalDate end = periodEnd(periodStart(start, granularity), granularity);
            if (end.isAfter(range.to())) {
                end = range.to();
            }
            out.add(new DayRange(start, end));
            start = end.plusDays(1);
        }
        return out;
    }
}
