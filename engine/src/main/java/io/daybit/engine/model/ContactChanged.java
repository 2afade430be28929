package io.daybit.engine.model;

import java.util.Objects;

/** The contact data of a channel became valid or invalid. */
public record ContactChanged(String account, long tsMicros, String id, Channel channel, boolean valid)
        implements Event {
    public ContactChanged {
        Event.checkCommon(account, tsMicros);
        Objects.requireNonNull(channel, "channel");
    }

    @Override
    public EventType type() {
        return EventType.CONTACT;
    }
}
