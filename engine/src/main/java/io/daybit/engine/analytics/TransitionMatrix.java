package io.daybit.engine.analytics;

import java.time.LocalDate;
import java.util.List;

/**
 * Accounts moving between groups from D1 to D2 (METRICS.md §5). {@code counts.get(i).get(j)} is
 * the number of accounts in {@code labels[i]} at D1 and {@code labels[j]} at D2; the last label is
 * {@code "none"} (not a customer), and the pair (none, none) is 0.
 */
public record TransitionMatrix(LocalDate from, LocalDate to, TransitionBy by, List<String> labels,
                               List<List<Long>> counts) {
    public TransitionMatrix {
        labels = List.copyOf(labels);
        counts = counts.stream().map(List::copyOf).toList();
    }
}
