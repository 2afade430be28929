package io.daybit.server.dto;

import io.daybit.engine.model.ServiceAction;
import io.daybit.engine.query.ServiceInteractions;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET .../hub/service-interactions}: the total and every action, in the contract's order. */
public record ServiceInteractionsDto(RangeDto range, RangeDto comparison, MetricDto total,
                                     Map<String, MetricDto> byAction) {
    public static ServiceInteractionsDto of(ServiceInteractions s) {
        Map<String, MetricDto> byAction = new LinkedHashMap<>();
        for (ServiceAction a : ServiceAction.values()) {
            byAction.put(a.wireName(), MetricDto.of(s.byAction().get(a)));
        }
        return new ServiceInteractionsDto(RangeDto.of(s.frame().range()), RangeDto.of(s.frame().comparison()),
                MetricDto.of(s.total()), byAction);
    }
}
