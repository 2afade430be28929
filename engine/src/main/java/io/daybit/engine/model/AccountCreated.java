package io.daybit.engine.model;

import java.util.Map;
import java.util.Set;

/**
 * The customer created an account. It sets the state of all three channels at {@code ts}: the
 * listed {@code contacts} valid and the others invalid; consents as given, the others withdrawn.
 *
 * @param contacts channels with valid contact data (never null, possibly empty)
 * @param consents consent per channel as given (never null, possibly empty)
 */
public record AccountCreated(String account, long tsMicros, String id, Set<Channel> contacts,
                             Map<Channel, Boolean> consents) implements Event {
    public AccountCreated {
        Event.checkCommon(account, tsMicros);
        contacts = contacts == null ? Set.of() : Set.copyOf(contacts);
        consents = consents == null ? Map.of() : Map.copyOf(consents);
    }

    @Override
    public EventType type() {
        return EventType.ACCOUNT_CREATED;
    }

    /** Whether the account has valid contact data on the channel once created. */
    public boolean contactValid(Channel channel) {
        return contacts.contains(channel);
    }

    /** Whether consent on the channel is granted once created. */
    public boolean consentGranted(Channel channel) {
        return Boolean.TRUE.equals(consents.get(channel));
    }
}
