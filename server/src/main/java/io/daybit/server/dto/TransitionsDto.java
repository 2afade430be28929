package io.daybit.server.dto;

import io.daybit.engine.analytics.TransitionMatrix;

import java.util.List;

/** {@code GET .../rfm/transitions}: {@code counts[i][j]} accounts in {@code labels[i]} at D1 and {@code labels[j]} at D2. */
public record TransitionsDto(String from, String to, String by, List<String> labels, List<List<Long>> counts) {
    public static TransitionsDto of(TransitionMatrix t) {
        return new TransitionsDto(t.from().toString(), t.to().toString(), t.by().wireName(), t.labels(), t.counts());
    }
}
