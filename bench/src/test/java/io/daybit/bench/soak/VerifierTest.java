package io.daybit.bench.soak;

import io.daybit.server.DaybitServer;
import io.daybit.server.ServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The soak's final check tells a server that holds the acknowledged batches once from one that does not. */
class VerifierTest {
    private static final int BATCHES = 5;
    private final SoakSettings settings = new SoakSettings(0.1, Path.of("unused.jar"), Path.of("unused"),
            Path.of("unused"), null, 100, 300, 1, 0, 5L, "1g", "1m", "4m", 60, 10);
    private final Http http = new Http();
    private DaybitServer server;
    private final List<String> bodies = new ArrayList<>();
    private final List<String> acks = new ArrayList<>();

    @BeforeEach
    void startAndIngest() throws Exception {
        server = DaybitServer.start(new ServerOptions("127.0.0.1", 0, null, false, null, false, 64L << 20, 1000,
                16L << 20));
        http.post(server.url() + "/api/v1/datasets", "application/json", null, settings.stream().createBody());
        settings.stream().batches((n, body) -> {
            bodies.add(body);
            return n + 1 < BATCHES + 1;
        });
        for (int n = 0; n < BATCHES; n++) {
            Http.Answer a = post(bodies.get(n), SoakStream.key(n));
            assertEquals(200, a.status(), a.body());
            acks.add(n + "\t" + SoakStream.key(n) + "\t" + a.body());
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Http.Answer post(String body, String key) throws Exception {
        return http.post(server.url() + "/api/v1/datasets/" + SoakStream.DATASET + "/events", "application/x-ndjson",
                key, body);
    }

    @Test
    void theBatchesOnceAndTheSameAnswersPass() throws Exception {
        Verifier.Outcome o = Verifier.verify(settings, server.url(), acks);
        assertEquals(List.of(), o.failures());
        assertEquals(BATCHES, o.batches());
        assertEquals(o.acceptedEvents(), o.serverEvents());
        assertEquals(60, o.comparedByRoute().values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void aRetryWithTheSameKeyIsNotCountedTwice() throws Exception {
        assertEquals(200, post(bodies.get(2), SoakStream.key(2)).status());
        assertEquals(List.of(), Verifier.verify(settings, server.url(), acks).failures());
    }

    @Test
    void aBatchAppliedTwiceFails() throws Exception {
        assertEquals(200, post(bodies.get(2), "another-key").status());
        List<String> failures = Verifier.verify(settings, server.url(), acks).failures();
        assertTrue(failures.stream().anyMatch(f -> f.contains("applied twice")), failures.toString());
    }

    @Test
    void anAcknowledgedBatchThatIsMissingFails() throws Exception {
        List<String> claimed = new ArrayList<>(acks);
        claimed.add(BATCHES + "\t" + SoakStream.key(BATCHES) + "\t{\"accepted\":300,\"rejected\":[]}");
        List<String> failures = Verifier.verify(settings, server.url(), claimed).failures();
        assertTrue(failures.stream().anyMatch(f -> f.contains("some lost")), failures.toString());
    }

    @Test
    void acknowledgementsWithAGapFail() throws Exception {
        List<String> gap = new ArrayList<>(acks);
        gap.remove(1);
        List<String> failures = Verifier.verify(settings, server.url(), gap).failures();
        assertTrue(failures.stream().anyMatch(f -> f.contains("out of order")), failures.toString());
    }
}
