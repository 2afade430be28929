package io.daybit.engine.model;

/** An enumeration constant with the lower-case name it has on the wire (JSON, NDJSON, HTTP). */
public interface WireName {
    /** The name used in JSON, e.g. {@code "order_tracked"}. */
    String wireName();

    /**
     * Finds the constant with the given wire name, compared exactly (case-sensitive).
     *
     * @return the constant, or {@code null} when no constant has that name
     */
    static <E extends Enum<E> & WireName> E lookup(Class<E> type, String wire) {
        for (E e : type.getEnumConstants()) {
            if (e.wireName().equals(wire)) {
                return e;
            }
        }
        return null;
    }

    /** The wire names of every constant, comma separated, for error messages. */
    static <E extends Enum<E> & WireName> String allowed(Class<E> type) {
        StringBuilder sb = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.wireName());
        }
        return sb.toString();
    }
}
