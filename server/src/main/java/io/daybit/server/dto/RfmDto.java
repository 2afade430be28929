package io.daybit.server.dto;

import io.daybit.engine.analytics.PersonaSummary;
import io.daybit.engine.analytics.RfmCell;
import io.daybit.engine.analytics.RfmReport;
import io.daybit.engine.analytics.ScoreThresholds;
import io.daybit.engine.analytics.Stage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET .../rfm}: the RFM matrix as of a day, with revenue by persona. */
public record RfmDto(String asOf, long customers, Thresholds thresholds, List<Cell> cells, Map<String, Long> stages,
                     List<Persona> personas) {
    /** The thresholds used, per dimension. */
    public record Thresholds(Pair r, Pair f, Pair m) {
    }

    /** {@code t1} and {@code t2} of one dimension; null when there is no customer to take them from. */
    public record Pair(Long t1, Long t2) {
        static Pair of(ScoreThresholds t) {
            return t == null ? new Pair(null, null) : new Pair(t.t1(), t.t2());
        }
    }

    /** One of the 27 cells. */
    public record Cell(int r, int f, int m, String persona, long customers) {
    }

    /** Revenue by persona, lifetime up to the day. */
    public record Persona(String persona, long customers, long revenue, Double revenueShare, Double avgClv,
                          Double avgOrders, Double aov) {
    }

    public static RfmDto of(RfmReport report) {
        List<Cell> cells = new ArrayList<>(report.cells().size());
        for (RfmCell c : report.cells()) {
            cells.add(new Cell(c.r(), c.f(), c.m(), c.persona(), c.customers()));
        }
        Map<String, Long> stages = new LinkedHashMap<>();
        for (Stage s : Stage.values()) {
            stages.put(s.wireName(), report.stages().getOrDefault(s, 0L));
        }
        List<Persona> personas = new ArrayList<>(report.personas().size());
        for (PersonaSummary p : report.personas()) {
            personas.add(new Persona(p.persona(), p.customers(), p.revenue(), p.revenueShare(), p.avgClv(),
                    p.avgOrders(), p.aov()));
        }
        return new RfmDto(report.asOf().toString(), report.customers(),
                new Thresholds(Pair.of(report.r()), Pair.of(report.f()), Pair.of(report.m())), cells, stages,
                personas);
    }
}
