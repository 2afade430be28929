package io.daybit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.daybit.bench.query.Question;
import io.daybit.bench.state.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole harness once on the tiny profile with the shortest runs: loads both sides, checks they
 * agree on every question, times each case, runs the HTTP load, and writes results in the
 * schema of issue 9. Not a measurement: a check that {@code bench/run.sh} works.
 */
class BenchSmokeTest {
    @Test
    void tinyRunChecksTimesAndWritesResultsInTheIssueSchema(@TempDir Path dir) throws Exception {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "before\n" + Report.BEGIN + "\nold\n" + Report.END + "\nafter\n");
        Set<Question> asked = EnumSet.of(Question.HUB_OVERVIEW, Question.PURCHASES_NEW_12M_STORE, Question.RFM);
        BenchMain.Settings s = BenchMain.Settings.of(Profile.TINY, dir, readme).only(asked);
        BenchMain.run(s);

        JsonNode json = new ObjectMapper().readTree(dir.resolve("latest.json").toFile());
        assertEquals("tiny", json.get("profile").asText());
        for (String field : new String[]{"machine", "date", "results", "ingest_events_per_s", "store_bytes", "http"}) {
            assertTrue(json.has(field), field);
        }
        assertTrue(json.get("store_bytes").asLong() > 0, "store bytes measured");
        assertEquals(5, json.get("results").size(), "two ranges each of two questions, and rfm");
        for (JsonNode r : json.get("results")) {
            for (String field : new String[]{"query", "daybit_median_us", "daybit_p99_us", "duckdb_median_us",
                    "duckdb_p99_us", "ratio"}) {
                assertTrue(r.has(field), r.get("query") + " has " + field);
            }
            assertTrue(r.get("duckdb_median_us").asDouble() > 0, r.toString());
        }
        JsonNode http = json.get("http");
        assertTrue(http.size() >= 2, "the trivial route and at least one Daybit route");
        for (JsonNode h : http) {
            assertTrue(h.get("rps").asDouble() > 0 && h.has("p99_ms"), h.toString());
        }
        String text = Files.readString(readme);
        assertTrue(text.startsWith("before\n" + Report.BEGIN) && text.endsWith(Report.END + "\nafter\n")
                && text.contains("| hub_overview_7d |") && !text.contains("old"), text);
    }
}
