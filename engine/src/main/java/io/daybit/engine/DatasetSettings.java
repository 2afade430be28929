package io.daybit.engine;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Objects;

/**
 * The settings of a dataset (METRICS.md §1). Validated on construction.
 *
 * @param timezone               the zone whose calendar days events fall on
 * @param currency               ISO 4217 code of the money amounts (minor units)
 * @param attributionWindowHours how long after a hub product interaction an order line of that
 *                               product counts as hub-attributed, 0–8760
 * @param rfm                    RFM scoring
 */
public record DatasetSettings(ZoneId timezone, String currency, int attributionWindowHours, RfmSettings rfm) {
    /** Default attribution window, hours. */
    public static final int DEFAULT_ATTRIBUTION_WINDOW_HOURS = 24;

    private static final DatasetSettings DEFAULTS =
            new DatasetSettings(ZoneId.of("UTC"), "USD", DEFAULT_ATTRIBUTION_WINDOW_HOURS, RfmSettings.defaults());

    public DatasetSettings {
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(rfm, "rfm");
        if (currency == null || !currency.matches("[A-Z]{3}") || !isIsoCurrency(currency)) {
            throw new InvalidRequestException("currency must be an ISO 4217 code such as USD or EUR, got '"
                    + currency + "'", "currency");
        }
        if (attributionWindowHours < 0 || attributionWindowHours > 8760) {
            throw new InvalidRequestException("attribution_window_hours must be 0-8760, got "
                    + attributionWindowHours, "attribution_window_hours");
        }
    }

    /** UTC, USD, a 24-hour window and the default RFM settings. */
    public static DatasetSettings defaults() {
        return DEFAULTS;
    }

    /** Parses an IANA zone name, naming it in the error when unknown. */
    public static ZoneId parseZone(String name) {
        try {
            if (name == null || name.isEmpty()) {
                throw new DateTimeException("empty");
            }
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw new InvalidRequestException("unknown timezone '" + name + "': use an IANA name such as "
                    + "Europe/Stockholm or UTC", "timezone");
        }
    }

    public DatasetSettings withTimezone(ZoneId zone) {
        return new DatasetSettings(zone, currency, attributionWindowHours, rfm);
    }

    public DatasetSettings withCurrency(String code) {
        return new DatasetSettings(timezone, code, attributionWindowHours, rfm);
    }

    public DatasetSettings withAttributionWindowHours(int hours) {
        return new DatasetSettings(timezone, currency, hours, rfm);
    }

    public DatasetSettings withRfm(RfmSettings settings) {
        return new DatasetSettings(timezone, currency, attributionWindowHours, settings);
    }

    private static boolean isIsoCurrency(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
