package io.daybit.engine.query;

import io.daybit.engine.InvalidRequestException;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.model.WireName;

/**
 * The filters of purchase activity (METRICS.md §4); a null component does not filter. They
 * combine with AND.
 *
 * @param consent        keep orders of consented ({@code WITH}) or not consented accounts
 * @param consentChannel with {@code consent}: consent on this channel only
 * @param recency        keep orders of accounts created recently, relative to each period's end
 * @param channel        keep orders of this sales channel
 * @param store          keep orders of this store
 */
public record PurchaseFilter(Consent consent, Channel consentChannel, Recency recency, SalesChannel channel,
                             String store) {
    /** Consent filter values. */
    public enum Consent implements WireName {
        WITH("with"), WITHOUT("without");

        private final String wire;

        Consent(String wire) {
            this.wire = wire;
        }

        @Override
        public String wireName() {
            return wire;
        }

        /** The value with this wire name, or null. */
        public static Consent fromWire(String wire) {
            return WireName.lookup(Consent.class, wire);
        }
    }

    /** Recency filter values: created in the last 30 days, or the last 12 months. */
    public enum Recency implements WireName {
        NEW_30D("new_30d"), NEW_12M("new_12m");

        private final String wire;

        Recency(String wire) {
            this.wire = wire;
        }

        @Override
        public String wireName() {
            return wire;
        }

        /** The value with this wire name, or null. */
        public static Recency fromWire(String wire) {
            return WireName.lookup(Recency.class, wire);
        }
    }

    private static final PurchaseFilter NONE = new PurchaseFilter(null, null, null, null, null);

    public PurchaseFilter {
        if (consentChannel != null && consent == null) {
            throw new InvalidRequestException("consent_channel needs consent=with or consent=without",
                    "consent_channel");
        }
    }

    /** No filter at all. */
    public static PurchaseFilter none() {
        return NONE;
    }

    /** Whether any component filters. */
    public boolean isEmpty() {
        return consent == null && recency == null && channel == null && store == null;
    }
}
