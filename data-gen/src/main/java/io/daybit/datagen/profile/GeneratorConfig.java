package io.daybit.datagen.profile;

import io.daybit.engine.InvalidRequestException;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything that determines a generated event stream: the same configuration always gives the
 * same events in the same order, byte for byte once written, on any machine and thread count.
 * Immutable; change it with the withers or {@link #toBuilder()}.
 *
 * @param accounts      how many accounts (customers, guests included), 1–20,000,000
 * @param days          length of the window of days, ending with {@code end}, 1–36,500
 * @param end           the last day of the window (in {@code timezone}); no event is later
 * @param seed          the seed every random choice derives from
 * @param timezone      the zone whose calendar days, seasons and opening hours the events follow,
 *                      and whose offset most timestamps are written in
 * @param rates         base rate of each kind of event
 * @param stores        names of the physical stores, for orders of channel {@code store}
 * @param storeShare    share of orders placed in a store rather than on the web, 0–1
 * @param guestShare    share of accounts that never create an account (guests: they only buy
 *                      and sometimes consent), 0–1
 * @param existingShare share of the other accounts created during the year before the window
 *                      (their {@code account_created} events lead the stream); the rest sign up
 *                      inside the window, more of them as time goes on, 0–1
 * @param lateShare     share of events that arrive 1 to 30 days after their day, 0–1
 * @param invalidShare  share of lines that are invalid events (every one rejected by the
 *                      engine), added between the valid ones, 0–0.5
 */
public record GeneratorConfig(int accounts, int days, LocalDate end, long seed, ZoneId timezone, EventRates rates,
                              List<String> stores, double storeShare, double guestShare, double existingShare,
                              double lateShare, double invalidShare) {
    /** Largest number of accounts: the generator keeps about 25 bytes per account in memory. */
    public static final int MAX_ACCOUNTS = 20_000_000;
    /** Longest window, days. */
    public static final int MAX_DAYS = 36_500;
    /** The end day of the named profiles: fixed, so that their output never depends on the clock. */
    public static final LocalDate DEFAULT_END = LocalDate.of(2025, 12, 31);
    /** The store names of the named profiles. */
    public static final List<String> DEFAULT_STORES = List.of("Stockholm City", "Göteborg Nordstan",
            "Malmö Triangeln", "Uppsala Forum", "Oslo Karl Johan", "København Strøget");

    public GeneratorConfig {
        if (accounts < 1 || accounts > MAX_ACCOUNTS) {
            throw new InvalidRequestException("accounts must be 1-" + MAX_ACCOUNTS + ", got " + accounts, "accounts");
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new InvalidRequestException("days must be 1-" + MAX_DAYS + ", got " + days, "days");
        }
        Objects.requireNonNull(end, "end");
        // accounts of the existing base are created up to 366 days before the window
        if (end.getYear() > 9999 || end.minusDays(days + 366L).getYear() < 1) {
            throw new InvalidRequestException("the window of " + days + " days ending " + end
                    + " (and the year before it) must lie within the years 0001-9999", "end");
        }
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(rates, "rates");
        stores = List.copyOf(stores);
        Set<String> seen = new HashSet<>();
        for (String s : stores) {
            if (s.isBlank() || s.length() > 200) {
                throw new InvalidRequestException("store names must be 1-200 characters and not blank, got '"
                        + s + "'", "stores");
            }
            if (!seen.add(s)) {
                throw new InvalidRequestException("store '" + s + "' is listed twice", "stores");
            }
        }
        share(storeShare, 1, "store_share");
        share(guestShare, 1, "guest_share");
        share(existingShare, 1, "existing_share");
        share(lateShare, 1, "late_share");
        share(invalidShare, 0.5, "invalid_share");
        if (storeShare > 0 && stores.isEmpty()) {
            throw new InvalidRequestException("store orders (store share " + storeShare + ") need at least one store name",
                    "stores");
        }
    }

    /**
     * The server's demo dataset: 10,000 accounts over 400 days, about 440,000 events, generated
     * and loaded in a couple of seconds.
     */
    public static GeneratorConfig demo() {
        return builder().accounts(10_000).days(400).build();
    }

    /** Tests and quick benchmarks: 50,000 accounts over 365 days, about 2 million events. */
    public static GeneratorConfig quick() {
        return builder().accounts(50_000).days(365).build();
    }

    /**
     * The benchmark size: 1,000,000 accounts over 730 days, about 65 million events, of which
     * about 36 million {@code hub_opened} (some 5% of accounts open the hub on a day).
     */
    public static GeneratorConfig full() {
        return builder().accounts(1_000_000).days(730).build();
    }

    /** A builder with the defaults of the named profiles and 10,000 accounts over 400 days. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The first day of the window. */
    public LocalDate start() {
        return end.minusDays(days - 1L);
    }

    public GeneratorConfig withAccounts(int n) {
        return toBuilder().accounts(n).build();
    }

    public GeneratorConfig withDays(int n) {
        return toBuilder().days(n).build();
    }

    public GeneratorConfig withEnd(LocalDate day) {
        return toBuilder().end(day).build();
    }

    public GeneratorConfig withSeed(long s) {
        return toBuilder().seed(s).build();
    }

    public GeneratorConfig withTimezone(ZoneId zone) {
        return toBuilder().timezone(zone).build();
    }

    public GeneratorConfig withRates(EventRates r) {
        return toBuilder().rates(r).build();
    }

    public GeneratorConfig withStores(List<String> names) {
        return toBuilder().stores(names).build();
    }

    public GeneratorConfig withStoreShare(double share) {
        return toBuilder().storeShare(share).build();
    }

    public GeneratorConfig withGuestShare(double share) {
        return toBuilder().guestShare(share).build();
    }

    public GeneratorConfig withExistingShare(double share) {
        return toBuilder().existingShare(share).build();
    }

    public GeneratorConfig withLateShare(double share) {
        return toBuilder().lateShare(share).build();
    }

    public GeneratorConfig withInvalidShare(double share) {
        return toBuilder().invalidShare(share).build();
    }

    private static void share(double value, double max, String param) {
        if (!(value >= 0 && value <= max)) {
            throw new InvalidRequestException(param.replace('_', ' ') + " must be 0-" + (max == 1 ? "1" : max)
                    + ", got " + value, param);
        }
    }

    /** Builds a {@link GeneratorConfig}; validation happens in {@link #build()}. */
    public static final class Builder {
        private int accounts = 10_000;
        private int days = 400;
        private LocalDate end = DEFAULT_END;
        private long seed = 1;
        private ZoneId timezone = ZoneId.of("Europe/Stockholm");
        private EventRates rates = EventRates.defaults();
        private List<String> stores = DEFAULT_STORES;
        private double storeShare = 0.3;
        private double guestShare = 0.03;
        private double existingShare = 0.5;
        private double lateShare = 0.02;
        private double invalidShare = 0;

        private Builder() {
        }

        private Builder(GeneratorConfig c) {
            accounts = c.accounts;
            days = c.days;
            end = c.end;
            seed = c.seed;
            timezone = c.timezone;
            rates = c.rates;
            stores = c.stores;
            storeShare = c.storeShare;
            guestShare = c.guestShare;
            existingShare = c.existingShare;
            lateShare = c.lateShare;
            invalidShare = c.invalidShare;
        }

        public Builder accounts(int n) {
            accounts = n;
            return this;
        }

        public Builder days(int n) {
            days = n;
            return this;
        }

        public Builder end(LocalDate day) {
            end = day;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public Builder timezone(ZoneId zone) {
            timezone = zone;
            return this;
        }

        public Builder rates(EventRates r) {
            rates = r;
            return this;
        }

        public Builder stores(List<String> names) {
            stores = names;
            return this;
        }

        public Builder storeShare(double share) {
            storeShare = share;
            return this;
        }

        public Builder guestShare(double share) {
            guestShare = share;
            return this;
        }

        public Builder existingShare(double share) {
            existingShare = share;
            return this;
        }

        public Builder lateShare(double share) {
            lateShare = share;
            return this;
        }

        public Builder invalidShare(double share) {
            invalidShare = share;
            return this;
        }

        public GeneratorConfig build() {
            return new GeneratorConfig(accounts, days, end, seed, timezone, rates, stores, storeShare, guestShare,
                    existingShare, lateShare, invalidShare);
        }
    }
}
