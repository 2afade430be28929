package io.daybit.engine.analytics;

import io.daybit.engine.model.WireName;

/** Lifecycle stage, by R score: 3 active, 2 lapsing, 1 inactive. */
public enum Stage implements WireName {
    ACTIVE("active", 3), LAPSING("lapsing", 2), INACTIVE("inactive", 1);

    private final String wire;
    private final int rScore;

    Stage(String wire, int rScore) {
        this.wire = wire;
        this.rScore = rScore;
    }

    @Override
    public String wireName() {
        return wire;
    }

    /** The R score of this stage. */
    public int rScore() {
        return rScore;
    }

    /** The stage of an R score 1–3. */
    public static Stage ofRScore(int r) {
        return r == 3 ? ACTIVE : r == 2 ? LAPSING : INACTIVE;
    }

    /** The stage with this wire name, or null. */
    public static Stage fromWire(String wire) {
        return WireName.lookup(Stage.class, wire);
    }
}
