package io.daybit.engine.model;

/**
 * One event of a dataset. Every event names an account by its external id and happened at an
 * instant {@code tsMicros} (epoch microseconds); {@code id} is an optional tracing id that no metric uses.
 *
 * <p>Instances are immutable and validated on construction: an invalid one cannot exist.
 */
public sealed interface Event
        permits AccountCreated, ContactChanged, ConsentChanged, HubOpened, ServiceInteraction,
                HubProductInteraction, Order {

    /** Longest account id, in Unicode code points. */
    int MAX_ACCOUNT_CODE_POINTS = 128;

    /** The event's type. */
    EventType type();

    /** The external id of the account, 1–128 code points. */
    String account();

    /**
     * The instant of the event, in epoch <em>microseconds</em>: the wire format may carry
     * microseconds, and the attribution window and the latest-wins rules compare instants exactly.
     */
    long tsMicros();

    /** The optional tracing id, or {@code null}. */
    String id();

    /** Checks the fields every event has; throws {@link IllegalArgumentException} naming the field. */
    static void checkCommon(String account, long tsMicros) {
        if (account == null) {
            throw new IllegalArgumentException("missing field 'account'");
        }
        int cps = account.codePointCount(0, account.length());
        if (cps < 1 || cps > MAX_ACCOUNT_CODE_POINTS) {
            throw new IllegalArgumentException("field 'account' must be 1-128 characters, got " + cps);
        }
        Timestamps.checkRange(tsMicros);
    }
}
