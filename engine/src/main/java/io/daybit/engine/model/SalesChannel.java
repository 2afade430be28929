package io.daybit.engine.model;

/** Where an order was placed. */
public enum SalesChannel implements WireName {
    WEB("web"), STORE("store");

    private final String wire;

    SalesChannel(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    /** The channel with this wire name, or {@code null}. */
    public static SalesChannel fromWire(String wire) {
        return WireName.lookup(SalesChannel.class, wire);
    }
}
