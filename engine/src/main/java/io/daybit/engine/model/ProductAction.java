package io.daybit.engine.model;

/** What a customer did with a product inside the hub. */
public enum ProductAction implements WireName {
    CLICK("click"), ADD_TO_CART("add_to_cart"), BUY_AGAIN("buy_again");

    private final String wire;

    ProductAction(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    /** The action with this wire name, or {@code null}. */
    public static ProductAction fromWire(String wire) {
        return WireName.lookup(ProductAction.class, wire);
    }
}
