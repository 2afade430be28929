package io.daybit.engine.analytics;

import io.daybit.engine.model.WireName;

/** What counts as retained in a cohort period. */
public enum RetentionBy implements WireName {
    HUB_OPENED("hub_opened"), PURCHASE("purchase");

    private final String wire;

    RetentionBy(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    /** The value with this wire name, or null. */
    public static RetentionBy fromWire(String wire) {
        return WireName.lookup(RetentionBy.class, wire);
    }
}
