package io.daybit.server.api;

import io.daybit.engine.InvalidRequestException;
import io.daybit.engine.model.WireName;
import io.daybit.engine.query.Comparison;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Preset;
import io.daybit.engine.query.TimeSpec;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The query parameters of one request, parsed strictly into the engine's types. Every error is an
 * {@link InvalidRequestException} naming the parameter, the value given, and what is allowed.
 * Parameters a route does not use are ignored; a parameter given twice is an error.
 */
public final class QueryParams {
    private static final String COMPARE_ALLOWED = "previous_period, previous_year, none, custom";
    /** The days a query may name: the years of the instants the engine takes. */
    static final LocalDate FIRST_DAY = LocalDate.of(1, 1, 1);
    static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);
    /** The longest range: a hundred years. */
    public static final int MAX_RANGE_DAYS = 36_525;

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
        if (day.isBefore(FIRST_DAY) || day.isAfter(LAST_DAY)) {
            throw new InvalidRequestException(name + " " + v + " is out of range: days run from " + FIRST_DAY
                    + " to " + LAST_DAY, name);
        }
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
            checkSpan(range, "from");
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
        checkSpan(range, "compare_from");
        return Comparison.custom(range);
    }

    /** A range longer than {@link #MAX_RANGE_DAYS} is refused: no dashboard asks it, and it costs. */
    private static void checkSpan(DayRange range, String param) {
        if (range.days() > MAX_RANGE_DAYS) {
            throw new InvalidRequestException("the range " + range.from() + " to " + range.to() + " has "
                    + range.days() + " days: a range may have at most " + MAX_RANGE_DAYS + " (100 years)", param);
        }
    }
}
