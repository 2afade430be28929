package io.daybit.server.dto;

import io.daybit.engine.model.WireName;
import io.daybit.engine.query.PurchaseActivity;
import io.daybit.engine.query.PurchaseFilter;

/** {@code GET .../purchases}: purchase activity with the filters it used. */
public record PurchasesDto(RangeDto range, RangeDto comparison, Filters filters, Metrics metrics) {
    /** The filters echoed; null where a filter was not given. */
    public record Filters(String consent, String consentChannel, String recency, String channel, String store) {
        public static Filters of(PurchaseFilter f) {
            return new Filters(wire(f.consent()), wire(f.consentChannel()), wire(f.recency()), wire(f.channel()),
                    f.store());
        }

        private static String wire(WireName w) {
            return w == null ? null : w.wireName();
        }
    }

    /** The seven metrics. */
    public record Metrics(MetricDto purchases, MetricDto buyers, MetricDto revenue, MetricDto purchaseRevenue,
                          MetricDto aov, MetricDto itemsPerPurchase, MetricDto discount) {
    }

    public static PurchasesDto of(PurchaseActivity p) {
        return new PurchasesDto(RangeDto.of(p.frame().range()), RangeDto.of(p.frame().comparison()),
                Filters.of(p.filters() == null ? PurchaseFilter.none() : p.filters()),
                new Metrics(MetricDto.of(p.purchases()), MetricDto.of(p.buyers()), MetricDto.of(p.revenue()),
                        MetricDto.of(p.purchaseRevenue()), MetricDto.of(p.aov()), MetricDto.of(p.itemsPerPurchase()),
                        MetricDto.of(p.discount())));
    }
}
