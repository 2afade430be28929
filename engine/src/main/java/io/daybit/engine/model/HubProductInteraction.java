package io.daybit.engine.model;

import java.util.Objects;

/** The customer interacted with a product inside the hub; it may attribute later order lines. */
public record HubProductInteraction(String account, long tsMicros, String id, String product, ProductAction action)
        implements Event {
    public HubProductInteraction {
        Event.checkCommon(account, tsMicros);
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(action, "action");
    }

    @Override
    public EventType type() {
        return EventType.HUB_PRODUCT;
    }
}
