package io.daybit.engine.model;

/** A marketing channel, with its own contact data and consent. */
public enum Channel implements WireName {
    EMAIL("email"), SMS("sms"), PUSH("push");

    private static final Channel[] VALUES = values();
    private final String wire;

    Channel(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    /** The channel of the given ordinal, without allocating the {@code values()} array. */
    public static Channel ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    /** The channel with this wire name, or {@code null}. */
    public static Channel fromWire(String wire) {
        return WireName.lookup(Channel.class, wire);
    }
}
