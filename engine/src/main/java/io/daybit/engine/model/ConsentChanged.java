package io.daybit.engine.model;

import java.util.Objects;

/** Marketing consent on a channel was given or withdrawn. */
public record ConsentChanged(String account, long tsMicros, String id, Channel channel, boolean granted)
        implements Event {
    public ConsentChanged {
        Event.checkCommon(account, tsMicros);
        Objects.requireNonNull(channel, "channel");
    }

    @Override
    public EventType type() {
        return EventType.CONSENT;
    }
}
