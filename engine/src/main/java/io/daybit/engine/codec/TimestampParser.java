package io.daybit.engine.codec;

import io.daybit.engine.model.Timestamps;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** Parses the instants of METRICS.md §2: ISO 8601 with {@code T} and a zone offset. */
public final class TimestampParser {
    private TimestampParser() {
    }

    /**
     * Parses an ISO 8601 timestamp with {@code T} and {@code Z} or an offset into epoch
     * microseconds (digits beyond microseconds are truncated toward the past).
     *
     * @throws InvalidEventException naming the value when it is not such a timestamp
     */
    public static long parseIsoMicros(String text) {
        OffsetDateTime odt;
        try {
            odt = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeException e) {
            throw new InvalidEventException("field 'ts' must be an ISO 8601 timestamp with an offset "
                    + "(e.g. 2025-03-01T12:00:00Z) or epoch milliseconds, got '" + text + "'");
        }
        long seconds = odt.toEpochSecond();
        if (seconds < Timestamps.MIN_MICROS / 1_000_000 || seconds > Timestamps.MAX_MICROS / 1_000_000) {
            throw new InvalidEventException("field 'ts' " + text + " is outside the years 0001-9999");
        }
        return seconds * 1_000_000L + odt.getNano() / 1_000;
    }

    /** Epoch milliseconds to microseconds, checking the accepted range. */
    public static long epochMillisToMicros(long epochMillis) {
        if (epochMillis < Timestamps.MIN_MICROS / 1000 || epochMillis > Timestamps.MAX_MICROS / 1000) {
            throw new InvalidEventException("field 'ts' " + epochMillis + " is outside the years 0001-9999");
        }
        return epochMillis * 1000L;
    }
}
