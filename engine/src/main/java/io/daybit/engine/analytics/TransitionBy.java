package io.daybit.engine.analytics;

import io.daybit.engine.model.WireName;

/** What a transition matrix groups customers by. */
public enum TransitionBy implements WireName {
    PERSONA("persona"), STAGE("stage"), R("r");

    private final String wire;

    TransitionBy(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    /** The value with this wire name, or null. */
    public static TransitionBy fromWire(String wire) {
        return WireName.lookup(TransitionBy.class, wire);
    }
}
