package io.daybit.engine.query;

import io.daybit.engine.model.WireName;

import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/** The named ranges of METRICS.md §1, relative to today. */
public enum Preset implements WireName {
    TODAY("today"),
    YESTERDAY("yesterday"),
    LAST_7_DAYS("last_7_days"),
    LAST_30_DAYS("last_30_days"),
    LAST_90_DAYS("last_90_days"),
    LAST_365_DAYS("last_365_days"),
    MONTH_TO_DATE("month_to_date"),
    QUARTER_TO_DATE("quarter_to_date"),
    YEAR_TO_DATE("year_to_date"),
    LAST_MONTH("last_month"),
    LAST_12_MONTHS("last_12_months");

    private final String wire;

    Preset(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    /** The preset with this wire name, or {@code null}. */
    public static Preset fromWire(String wire) {
        return WireName.lookup(Preset.class, wire);
    }

    /** The range this preset names when today is {@code today}. */
    public DayRange resolve(LocalDate today) {
        return switch (this) {
            case TODAY -> DayRange.of(today);
            case YESTERDAY -> DayRange.of(today.minusDays(1));
            case LAST_7_DAYS -> new DayRange(today.minusDays(6), today);
            case LAST_30_DAYS -> new DayRange(today.minusDays(29), today);
            case LAST_90_DAYS -> new DayRange(today.minusDays(89), today);
            case LAST_365_DAYS -> new DayRange(today.minusDays(364), today);
            case MONTH_TO_DATE -> new DayRange(today.withDayOfMonth(1), today);
            case QUARTER_TO_DATE -> new DayRange(
                    LocalDate.of(today.getYear(), (today.getMonthValue() - 1) / 3 * 3 + 1, 1), today);
            case YEAR_TO_DATE -> new DayRange(today.withDayOfYear(1), today);
            case LAST_MONTH -> {
                LocalDate first = today.withDayOfMonth(1).minusMonths(1);
                yield new DayRange(first, first.with(TemporalAdjusters.lastDayOfMonth()));
            }
            case LAST_12_MONTHS -> new DayRange(today.minusMonths(12).plusDays(1), today);
        };
    }
}
