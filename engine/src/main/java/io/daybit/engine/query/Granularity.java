package io.daybit.engine.query;

import io.daybit.engine.model.WireName;

/** Bucket size of a series: days, ISO weeks (Monday first) or calendar months. */
public enum Granularity implements WireName {
    DAY("day"), WEEK("week"), MONTH("month");

    private final String wire;

    Granularity(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    /** The granularity with this wire name, or null. */
    public static Granularity fromWire(String wire) {
        return WireName.lookup(Granularity.class, wire);
    }
}
