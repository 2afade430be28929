package io.daybit.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two-minute soak of CI: the packaged server (built by the reactor before this module's tests)
 * in its own process with a data directory, steady ingest and four query clients in their own
 * processes, segment rolls and snapshots, a {@code kill -9} halfway. Passes only when every
 * acknowledged batch is there once, the answers equal the in-memory reference's, and nothing grows
 * beyond the rule of {@link GrowthCheck}. Not a measurement: {@code bench/run.sh soak} is.
 */
class SoakRunTest {
    @Test
    void twoMinutesOfIngestQueriesAndAKillLoseNothingAndLeakNothing(@TempDir Path dir) throws Exception {
        Path jar = Path.of("..", "server", "target", "daybit-server.jar").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(jar), "the packaged server is missing (mvn verify from the root builds it "
                + "before bench's tests): " + jar);
        SoakSettings s = SoakSettings.defaults(2, jar, dir.resolve("data"), dir.resolve("work"), dir.resolve("results"))
                .withFiles("256k", "1m");
        Soak.Result r = Soak.run(s);
        assertTrue(r.passed(), () -> String.join("\n", r.failures()) + "\n\n" + r.markdown());

        JsonNode json = r.json();
        assertTrue(json.get("per_minute").size() >= 2, json.toString());
        for (JsonNode m : json.get("per_minute")) {
            for (String field : new String[]{"heap_after_gc_min_mb", "rss_max_mb", "fds_max", "threads_max", "events",
                "queries", "ingest"}) {
                assertTrue(m.has(field), m + " has " + field);
            }
        }
        JsonNode v = json.get("verification");
        assertTrue(v.get("acknowledged_batches").asLong() > 0, v.toString());
        assertEquals(v.get("accepted_events").asLong(), v.get("server_events").asLong(), v.toString());
        assertEquals(12, v.get("queries_compared").size(), "every data route compared: " + v);
        assertEquals("kill -9", json.get("restart").get("kind").asText());
        assertTrue(Files.exists(dir.resolve("results").resolve("soak.json")));
        assertTrue(Files.readString(dir.resolve("results").resolve("soak.md")).contains("**Passed.**"));
    }
}
