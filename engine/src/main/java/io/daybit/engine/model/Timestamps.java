package io.daybit.engine.model;

/** The range of instants the engine accepts, in epoch microseconds: the years 0001 to 9999. */
public final class Timestamps {
    /** 0001-01-01T00:00:00Z in epoch microseconds. */
    public static final long MIN_MICROS = -62_135_596_800_000_000L;
    /** 9999-12-31T23:59:59.999999Z in epoch microseconds. */
    public static final long MAX_MICROS = 253_402_300_799_999_999L;

    private Timestamps() {
    }

    /** Epoch milliseconds to epoch microseconds. */
    public static long millisToMicros(long epochMillis) {
        return Math.multiplyExact(epochMillis, 1000L);
    }

    static void checkRange(long tsMicros) {
        if (tsMicros < MIN_MICROS || tsMicros > MAX_MICROS) {
            throw new IllegalArgumentException("field 'ts' is outside the years 0001-9999");
        }
    }
}
