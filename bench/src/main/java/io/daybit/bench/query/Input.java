package io.daybit.bench.query;

import java.time.LocalDate;

/**
 * The varying part of one question: a range {@code [from, to]} (its comparison is the previous
 * period), the two days of a transition, or, with {@code from == to}, the day "as of" which an RFM
 * or users question is asked.
 */
public record Input(LocalDate from, LocalDate to) {
    /** The day of an "as of" question. */
    public LocalDate day() {
        return to;
    }
}
