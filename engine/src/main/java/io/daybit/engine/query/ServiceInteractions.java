package io.daybit.engine.query;

import io.daybit.engine.model.ServiceAction;

import java.util.Map;

/**
 * Service interactions in a range, in total and per action, each with its comparison.
 *
 * @param byAction every action, also those with no interaction
 */
public record ServiceInteractions(TimeFrame frame, Metric<Long> total, Map<ServiceAction, Metric<Long>> byAction) {
    public ServiceInteractions {
        byAction = Map.copyOf(byAction);
    }
}
