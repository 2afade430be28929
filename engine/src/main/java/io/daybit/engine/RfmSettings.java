package io.daybit.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a dataset scores RFM (METRICS.md §5): the lookback window, the scoring mode, the fixed
 * thresholds and the persona map. Validated on construction: thresholds strictly increasing and
 * not negative, a lookback of at least one day, every one of the 27 cells in exactly one persona,
 * no persona named {@code none}.
 *
 * @param lookbackDays days in the window W = [D − lookback + 1, D]
 * @param mode         quantile (tertiles of the customers at D) or fixed thresholds
 * @param r            fixed recency thresholds in days: R = 3 if ≤ low, 2 if ≤ high, else 1
 * @param f            fixed frequency thresholds: F = 3 if ≥ high, 2 if ≥ low, else 1
 * @param m            fixed monetary thresholds in minor units: like F
 * @param personas     persona name → cells written "RFM" (e.g. "333"), in the order given
 */
public record RfmSettings(int lookbackDays, Mode mode, Thresholds r, Thresholds f, Thresholds m,
                          Map<String, List<String>> personas) {

    /** The scoring modes. */
    public enum Mode implements io.daybit.engine.model.WireName {
        QUANTILE("quantile"), FIXED("fixed");

        private final String wire;

        Mode(String wire) {
            this.wire = wire;
        }

        @Override
        public String wireName() {
            return wire;
        }

        /** The mode with this wire name, or null. */
        public static Mode fromWire(String wire) {
            return io.daybit.engine.model.WireName.lookup(Mode.class, wire);
        }
    }

    /** Two fixed thresholds of one dimension, {@code low < high}. */
    public record Thresholds(long low, long high) {
    }

    /** Default lookback, days. */
    public static final int DEFAULT_LOOKBACK_DAYS = 365;

    private static final RfmSettings DEFAULTS = new RfmSettings(DEFAULT_LOOKBACK_DAYS, Mode.QUANTILE,
            new Thresholds(30, 90), new Thresholds(2, 4), new Thresholds(10_000, 50_000), defaultPersonas());

    public RfmSettings {
        if (lookbackDays < 1 || lookbackDays > 36_500) {
            throw new InvalidRequestException("lookback_days must be 1-36500, got " + lookbackDays, "lookback_days");
        }
        if (mode == null) {
            throw new InvalidRequestException("mode must be quantile or fixed", "mode");
        }
        checkThresholds("r", r);
        checkThresholds("f", f);
        checkThresholds("m", m);
        personas = checkPersonas(personas);
    }

    /** The defaults of METRICS.md §5. */
    public static RfmSettings defaults() {
        return DEFAULTS;
    }

    /** The default persona map. */
    public static Map<String, List<String>> defaultPersonas() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("champions", List.of("333", "332", "323"));
        p.put("loyal", List.of("321", "322", "331", "232", "233"));
        p.put("recent", List.of("311", "312", "313", "222", "223"));
        p.put("needs_attention", List.of("213", "221", "123", "132", "133"));
        p.put("at_risk", List.of("231", "212", "122", "131", "211"));
        p.put("inactive", List.of("111", "112", "113", "121"));
        return p;
    }

    /** The persona names in the map's order. */
    public List<String> personaNames() {
        return List.copyOf(personas.keySet());
    }

    /**
     * The persona of each cell, indexed by {@code (r − 1) * 9 + (f − 1) * 3 + (m − 1)}.
     */
    public String[] personaByCell() {
        String[] byCell = new String[27];
        for (Map.Entry<String, List<String>> e : personas.entrySet()) {
            for (String cell : e.getValue()) {
                byCell[cellIndex(cell)] = e.getKey();
            }
        }
        return byCell;
    }

    /** The index 0–26 of a cell written "RFM". */
    public static int cellIndex(int rScore, int fScore, int mScore) {
        return (rScore - 1) * 9 + (fScore - 1) * 3 + (mScore - 1);
    }

    private static int cellIndex(String cell) {
        return cellIndex(cell.charAt(0) - '0', cell.charAt(1) - '0', cell.charAt(2) - '0');
    }

    private static void checkThresholds(String name, Thresholds t) {
        if (t == null) {
            throw new InvalidRequestException("thresholds." + name + " must be two numbers", "thresholds");
        }
        if (t.low() < 0 || t.low() >= t.high()) {
            throw new InvalidRequestException("thresholds." + name + " must be increasing and not negative, got ["
                    + t.low() + ", " + t.high() + "]", "thresholds");
        }
    }

    private static Map<String, List<String>> checkPersonas(Map<String, List<String>> personas) {
        if (personas == null || personas.isEmpty()) {
            throw new InvalidRequestException("personas must map every cell to a persona", "personas");
        }
        Map<String, String> owner = new HashMap<>();
        Map<String, List<String>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : personas.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isBlank() || name.length() > 64) {
                throw new InvalidRequestException("a persona name must be 1-64 characters", "personas");
            }
            if (name.equals("none")) {
                throw new InvalidRequestException("'none' is reserved and cannot name a persona", "personas");
            }
            List<String> cells = new ArrayList<>();
            for (String cell : e.getValue() == null ? List.<String>of() : e.getValue()) {
                if (cell == null || !cell.matches("[1-3]{3}")) {
                    throw new InvalidRequestException("persona '" + name + "' has cell '" + cell
                            + "': a cell is three digits 1-3, RFM", "personas");
                }
                String previous = owner.putIfAbsent(cell, name);
                if (previous != null) {
                    throw new InvalidRequestException("cell " + cell + " is in two personas: '" + previous
                            + "' and '" + name + "'", "personas");
                }
                cells.add(cell);
            }
            copy.put(name, List.copyOf(cells));
        }
        List<String> missing = new ArrayList<>();
        for (int r = 1; r <= 3; r++) {
            for (int f = 1; f <= 3; f++) {
                for (int m = 1; m <= 3; m++) {
                    String cell = "" + r + f + m;
                    if (!owner.containsKey(cell)) {
                        missing.add(cell);
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidRequestException("cells " + missing + " are in no persona: every cell of the 27 must be "
                    + "in exactly one", "personas");
        }
        return Collections.unmodifiableMap(copy);
    }
}
