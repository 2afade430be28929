package io.daybit.engine.model;

/** A self-service interaction in the Customer Hub. */
public enum ServiceAction implements WireName {
    ORDER_TRACKED("order_tracked"),
    RETURN_STARTED("return_started"),
    COUPON_APPLIED("coupon_applied"),
    HELP_CLICKED("help_clicked"),
    CHAT_STARTED("chat_started");

    private final String wire;

    ServiceAction(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    /** The action with this wire name, or {@code null}. */
    public static ServiceAction fromWire(String wire) {
        return WireName.lookup(ServiceAction.class, wire);
    }
}
