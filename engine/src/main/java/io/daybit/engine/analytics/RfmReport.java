package io.daybit.engine.analytics;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The RFM matrix as of a day, with revenue by persona (METRICS.md §5).
 *
 * @param customers accounts with at least one purchase in the lookback window
 * @param cells     all 27 cells
 * @param stages    customers per lifecycle stage, every stage present
 * @param personas  every persona of the dataset's map, in its order, also those without customers
 */
public record RfmReport(LocalDate asOf, long customers, ScoreThresholds r, ScoreThresholds f, ScoreThresholds m,
                        List<RfmCell> cells, Map<Stage, Long> stages, List<PersonaSummary> personas) {
    public RfmReport {
        cells = List.copyOf(cells);
        stages = Map.copyOf(stages);
        personas = List.copyOf(personas);
    }
}
