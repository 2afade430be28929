package io.daybit.engine.model;

/** The customer opened the Customer Hub. */
public record HubOpened(String account, long tsMicros, String id) implements Event {
    public HubOpened {
        Event.checkCommon(account, tsMicros);
    }

    @Override
    public EventType type() {
        return EventType.HUB_OPENED;
    }
}
