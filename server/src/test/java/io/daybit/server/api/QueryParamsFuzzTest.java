package io.daybit.server.api;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.daybit.engine.InvalidRequestException;
import io.daybit.engine.analytics.TransitionBy;
import io.daybit.engine.query.Comparison;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.QueryLimits;
import io.daybit.engine.query.TimeSpec;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the query-parameter parser with any parameters and values (repeated, empty, out of
 * range, not UTF-8 clean). Every call either parses into a value within its documented bounds
 * (days 0001-01-01 to 9999-12-31, ranges of at most {@link QueryLimits#MAX_RANGE_DAYS} days,
 * integers within their limits) or fails with an {@link InvalidRequestException} (a 400) that
 * says why and names only parameters of that call. A parsed time spec, written back as
 * parameters, parses to the same spec. Any other exception (a 500) is a finding.
 *
 * <p>Runs the committed inputs in {@code QueryParamsFuzzTestInputs/} as a plain test; with
 * {@code JAZZER_FUZZ=1} (the {@code fuzz} Maven profile, which CI uses) it fuzzes for a bounded time.
 */
class QueryParamsFuzzTest {
    private static final String[] NAMES = {"preset", "from", "to", "compare", "compare_from", "compare_to", "today",
        "limit", "by", "as_of", "x"};
    private static final Set<String> TIME = Set.of("preset", "from", "to", "compare", "compare_from", "compare_to",
        "today");
    private static final String[] VALUES = {"2025-03-01", "2025-02-29", "2024-02-29", "0001-01-01", "9999-12-31",
        "+10000-01-01", "-0001-01-01", "last_30_days", "year_to_date", "custom", "previous_year", "none", "stage",
        "1000", "-1", "2147483648", "", " "};

    @FuzzTest(maxDuration = "20s")
    void anyParametersParseWithinBoundsOrAreRefusedNamingThem(FuzzedDataProvider data) {
        Map<String, List<String>> raw = new LinkedHashMap<>();
        int n = data.consumeInt(0, 9);
        for (int i = 0; i < n; i++) {
            String name = data.consumeBoolean() ? NAMES[data.consumeInt(0, NAMES.length - 1)] : data.consumeString(12);
            String value = data.consumeBoolean() ? VALUES[data.consumeInt(0, VALUES.length - 1)] : data.consumeString(24);
            raw.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        QueryParams params = new QueryParams(raw);

        TimeSpec spec = parsed(params::timeSpec, TIME);
        if (spec != null) {
            checkBounds(spec.range());
            if (spec.comparison().custom() != null) {
                checkBounds(spec.comparison().custom());
            }
            checkDay(spec.today());
            assertEquals(spec, new QueryParams(asParams(spec)).timeSpec(), "a parsed spec written back parses the same");
        }
        Integer limit = parsed(() -> params.integer("limit", 100, 1, 1000), Set.of("limit"));
        if (limit != null) {
            assertTrue(limit >= 1 && limit <= 1000, "limit within its bounds: " + limit);
        }
        parsed(() -> params.choice("by", TransitionBy.class, TransitionBy.STAGE), Set.of("by"));
        checkDay(parsed(() -> params.requiredDate("as_of"), Set.of("as_of")));
    }

    /** The value parsed, or null when the call was refused properly. */
    private static <T> T parsed(Supplier<T> call, Set<String> mayName) {
        try {
            T value = call.get();
            assertNotNull(value);
            return value;
        } catch (InvalidRequestException e) {
            assertNotNull(e.getMessage());
            assertFalse(e.getMessage().isBlank(), "a refusal says why");
            assertFalse(e.params().isEmpty(), () -> "a refusal names a parameter: " + e.getMessage());
            assertTrue(mayName.containsAll(e.params()), () -> "names only parameters of the call: " + e.params());
            return null;
        }
    }

    private static void checkBounds(DayRange range) {
        if (range != null) {
            checkDay(range.from());
            checkDay(range.to());
            assertFalse(range.from().isAfter(range.to()), "from ≤ to");
            assertTrue(range.days() <= QueryLimits.MAX_RANGE_DAYS, "a range of at most 100 years: " + range);
        }
    }

    private static void checkDay(LocalDate day) {
        if (day != null) {
            assertFalse(day.isBefore(QueryLimits.FIRST_DAY) || day.isAfter(QueryLimits.LAST_DAY), "day in range: " + day);
        }
    }

    private static Map<String, List<String>> asParams(TimeSpec spec) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        if (spec.preset() != null) {
            p.put("preset", List.of(spec.preset().wireName()));
        } else {
            p.put("from", List.of(spec.range().from().toString()));
            p.put("to", List.of(spec.range().to().toString()));
        }
        Comparison c = spec.comparison();
        p.put("compare", List.of(c.kind().name().toLowerCase(Locale.ROOT)));
        if (c.custom() != null) {
            p.put("compare_from", List.of(c.custom().from().toString()));
            p.put("compare_to", List.of(c.custom().to().toString()));
        }
        if (spec.today() != null) {
            p.put("today", List.of(spec.today().toString()));
        }
        return p;
    }
}
