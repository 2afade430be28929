package io.daybit.engine.query;

import io.daybit.engine.model.WireName;

/** The sign of current − previous. */
public enum Direction implements WireName {
    UP("up"), DOWN("down"), FLAT("flat");

    private final String wire;

    Direction(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }
}
