package io.daybit.server.dto;

import io.daybit.engine.query.HubOverview;

/** {@code GET .../hub/overview}. */
public record HubOverviewDto(RangeDto range, RangeDto comparison, Metrics metrics) {
    /** The five cards. */
    public record Metrics(MetricDto totalAccounts, MetricDto newAccounts, MetricDto activeAccounts,
                          MetricDto serviceInteractions, MetricDto revenueGenerated) {
    }

    public static HubOverviewDto of(HubOverview o) {
        return new HubOverviewDto(RangeDto.of(o.frame().range()), RangeDto.of(o.frame().comparison()),
                new Metrics(MetricDto.of(o.totalAccounts()), MetricDto.of(o.newAccounts()),
                        MetricDto.of(o.activeAccounts()), MetricDto.of(o.serviceInteractions()),
                        MetricDto.of(o.revenueGenerated())));
    }
}
