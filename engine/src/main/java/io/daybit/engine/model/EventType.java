package io.daybit.engine.model;

/** The seven event types of METRICS.md §2. */
public enum EventType implements WireName {
    ACCOUNT_CREATED("account_created"),
    CONTACT("contact"),
    CONSENT("consent"),
    HUB_OPENED("hub_opened"),
    SERVICE("service"),
    HUB_PRODUCT("hub_product"),
    ORDER("order");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    /** The type with this wire name, or {@code null}. */
    public static EventType fromWire(String wire) {
        return WireName.lookup(EventType.class, wire);
    }
}
