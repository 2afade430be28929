package io.daybit.server.api;

import io.daybit.engine.InvalidRequestException;
import io.daybit.engine.model.WireName;
import io.daybit.engine.query.Comparison;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Preset;
import io.daybit.engine.query.QueryLimits;
import io.daybit.engine.query.TimeSpec;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The query parameters of one request, parsed strictly into the engine's types. Every error is an
 * {@link InvalidRequestException} naming the parameter, the value given, and what is allowed. The
 * limits on days and range lengths are the engine's ({@link QueryLimits}), asked here so that
 * errors come in the order of the parameters.
 * Parameters a route does not use are ignored; a parameter given twice is an error.
 */
public final class QueryParams {
    private static final String COMPARE_ALLOWED = "previous_period, previous_year, none, custom";
    private final Map<String, List<String>> params;

    public QueryParams(Map<String, List<String>> params) {
        this.params = params;
    }

    /** The single value of a parameter, or null when it is absent. */
    public String get(String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidRequestException(name + " is given " + values.size() + " times: give it once", name);
        }
        return values.get(0);
    }

    /** Whether the parameter is given. */
    public boolean has(String name) {
        return get(name) != null;
    }

    /** A day {@code YYYY-MM-DD}, or null when absent. */
    public LocalDate date(String name) {
        String v = get(name);
        if (v == null) {
            return null;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(name + " '" + v + "' is not a valid date: use YYYY-MM-DD, e.g. 2025-03-01",
                    name);
        }
        QueryLimits.checkDay(day, name);
        return day;
    }

    /** A day that must be given. */
    public LocalDate requiredDate(String name) {
        LocalDate d = date(name);
        if (d == null) {
            throw new InvalidRequestException(name + " is missing: give a day YYYY-MM-DD", name);
        }
        return d;
    }

    /** One of an enumeration's wire names, or {@code fallback} when absent. */
    public <E extends Enum<E> & WireName> E choice(String name, Class<E> type, E fallback) {
        String v = get(name);
        if (v == null) {
            return fallback;
        }
        E e = WireName.lookup(type, v);
        if (e == null) {
            throw new InvalidRequestException("unknown " + name + " '" + v + "': allowed " + WireName.allowed(type),
                    name);
        }
        return e;
    }

    /** An integer within [min, max], or {@code fallback} when absent. */
    public int integer(String name, int fallback, int min, int max) {
        String v = get(name);
        if (v == null) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name + " '" + v + "' is not an integer: allowed " + min + "-" + max, name);
        }
        if (n < min || n > max) {
            throw new InvalidRequestException(name + " must be " + min + "-" + max + ", got " + n, name);
        }
        return n;
    }

    /**
     * The time parameters of every query: {@code preset} or {@code from} and {@code to};
     * {@code compare} with {@code compare_from}/{@code compare_to}; {@code today}.
     */
    public TimeSpec timeSpec() {
        return rangeSpec().compare(comparison());
    }

    /** The range alone: {@code preset} or {@code from} and {@code to}, and {@code today}; no comparison. */
    public TimeSpec rangeSpec() {
        String presetName = get("preset");
        boolean hasFrom = has("from");
        boolean hasTo = has("to");
        if (presetName != null && (hasFrom || hasTo)) {
            throw new InvalidRequestException("give either preset or from and to, not both (preset '" + presetName
                    + "' with " + (hasFrom ? "from" : "to") + ")", "preset", hasFrom ? "from" : "to");
        }
        if (presetName == null && !hasFrom && !hasTo) {
            throw new InvalidRequestException("no range: give preset (e.g. last_30_days) or from and to",
                    "preset", "from", "to");
        }
        Preset preset = null;
        DayRange range = null;
        if (presetName != null) {
            preset = choice("preset", Preset.class, null);
        } else {
            if (!hasTo) {
                throw new InvalidRequestException("to is missing: give both from and to", "to");
            }
            if (!hasFrom) {
                throw new InvalidRequestException("from is missing: give both from and to", "from");
            }
            range = new DayRange(date("from"), date("to"));
            QueryLimits.checkSpan(range, "from");
        }
        return new TimeSpec(preset, range, Comparison.none(), date("today"));
    }

    /** The comparison rule: {@code compare} (default previous_period), with its range when custom. */
    public Comparison comparison() {
        String compare = get("compare");
        String kind = compare == null ? "previous_period" : compare;
        boolean custom = kind.equals("custom");
        if (!custom) {
            for (String p : List.of("compare_from", "compare_to")) {
                if (has(p)) {
                    throw new InvalidRequestException(p + " needs compare=custom (compare is " + kind + ")", p);
                }
            }
        }
        switch (kind) {
            case "previous_period":
                return Comparison.previousPeriod();
            case "previous_year":
                return Comparison.previousYear();
            case "none":
                return Comparison.none();
            case "custom":
                break;
            default:
                throw new InvalidRequestException("unknown compare '" + compare + "': allowed " + COMPARE_ALLOWED,
                        "compare");
        }
        LocalDate from = date("compare_from");
        LocalDate to = date("compare_to");
        if (from == null || to == null) {
            String missing = from == null ? "compare_from" : "compare_to";
            throw new InvalidRequestException("compare=custom needs compare_from and compare_to (" + missing
                    + " is missing)", missing, "compare");
        }
        if (from.isAfter(to)) {
            throw new InvalidRequestException("compare_from " + from + " is after compare_to " + to,
                    "compare_from", "compare_to");
        }
        DayRange range = new DayRange(from, to);
        QueryLimits.checkSpan(range, "compare_from");
        return Comparison.custom(range);
    }
}
