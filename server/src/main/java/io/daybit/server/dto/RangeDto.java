package io.daybit.server.dto;

import io.daybit.engine.query.DayRange;

/** A range echoed in an answer: both days inclusive and its length. */
public record RangeDto(String from, String to, int days) {
    /** The range, or null for null (no comparison). */
    public static RangeDto of(DayRange r) {
        return r == null ? null : new RangeDto(r.from().toString(), r.to().toString(), r.days());
    }
}
