package io.daybit.engine.model;

import java.util.Objects;

/** A self-service interaction in the hub. */
public record ServiceInteraction(String account, long tsMicros, String id, ServiceAction action) implements Event {
    public ServiceInteraction {
        Event.checkCommon(account, tsMicros);
        Objects.requireNonNull(action, "action");
    }

    @Override
    public EventType type() {
        return EventType.SERVICE;
    }
}
