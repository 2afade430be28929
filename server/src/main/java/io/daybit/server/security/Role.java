package io.daybit.server.security;

/**
 * What a token may do on a dataset. Each role includes the ones before it: {@code ingest} may
 * also read, {@code admin} may also ingest, and create, delete and configure datasets.
 */
public enum Role {
    READ("read"), INGEST("ingest"), ADMIN("admin");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    /** The name used in the token file. */
    public String wireName() {
        return wire;
    }

    /** Whether this role includes {@code needed}. */
    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The role with this name, or null. */
    public static Role fromWire(String name) {
        for (Role r : values()) {
            if (r.wire.equals(name)) {
                return r;
            }
        }
        return null;
    }
}
