package io.daybit.engine.codec;

/**
 * How {@link EventEncoder} writes an event's {@code ts}. Every style decodes to the same instant;
 * mixing them makes generated input look like what real clients send.
 */
public enum TimestampStyle {
    /** ISO 8601 in the encoder's zone, with that zone's offset (e.g. {@code 2025-03-01T13:00:00.000+01:00}). */
    ZONE_OFFSET,
    /** ISO 8601 in UTC with {@code Z} (e.g. {@code 2025-03-01T12:00:00.000Z}). */
    UTC,
    /**
     * An integer of epoch milliseconds. An instant with sub-millisecond digits cannot be written so
     * without loss and falls back to {@link #ZONE_OFFSET}.
     */
    EPOCH_MILLIS
}
