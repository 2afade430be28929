package io.daybit.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.daybit.server.DaybitServer;
import io.daybit.server.ServerOptions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The end of a soak: every acknowledged batch is there exactly once, and the server's answers equal
 * those of an in-memory server (in this process, no data directory, no answer cache) fed the same
 * acknowledged batches, regenerated from the stream, with the same keys and in the same order.
 *
 * <p>Checked: the acknowledgements are batches 0..K-1 without a gap; the reference answers each
 * batch exactly as the soak server first did (accepted count and every rejected line); the dataset's
 * {@code events} equals the sum of the accepted counts on both; and {@code verifyQueries} requests
 * drawn over every data route give equal JSON on both.
 */
final class Verifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REPORTED = 10;

    /** What was checked and what differed. */
    record Outcome(long batches, long acceptedEvents, long serverEvents, long referenceEvents,
                   Map<String, Integer> comparedByRoute, List<String> failures) {
    }

    private Verifier() {
    }

    static Outcome verify(SoakSettings s, String serverUrl, List<String> ackLines)
            throws IOException, InterruptedException {
        List<String> failures = new ArrayList<>();
        List<JsonNode> answers = new ArrayList<>();
        long accepted = 0;
        for (String line : ackLines) {
            String[] parts = line.split("\t", 3);
            long n = Long.parseLong(parts[0]);
            if (n != answers.size() && failures.size() < MAX_REPORTED) {
                failures.add("acknowledgements out of order: batch " + n + " where " + answers.size() + " was due");
            }
            JsonNode answer = JSON.readTree(parts[2]);
            answers.add(answer);
            accepted += answer.get("accepted").asLong();
        }
        Http http = new Http();
        ServerOptions memory = new ServerOptions("127.0.0.1", 0, null, false, null, false, 256L << 20, 0, 0);
        try (DaybitServer reference = DaybitServer.start(memory)) {
            String ref = reference.url();
            Http.Answer created = http.post(ref + "/api/v1/datasets", "application/json", null,
                    s.stream().createBody());
            if (created.status() != 201) {
                throw new IllegalStateException("reference dataset not created: " + created);
            }
            replay(s.stream(), http, ref, answers, failures);
            long serverEvents = events(http, serverUrl, failures);
            long referenceEvents = events(http, ref, failures);
            if (serverEvents != accepted) {
                failures.add("the server holds " + serverEvents + " events, the acknowledged batches accepted "
                        + accepted + (serverEvents > accepted ? ": some applied twice" : ": some lost"));
            }
            if (referenceEvents != accepted) {
                failures.add("the reference holds " + referenceEvents + " events, the acknowledgements say "
                        + accepted);
            }
            Map<String, Integer> compared = compareQueries(s, http, serverUrl, ref, failures);
            return new Outcome(answers.size(), accepted, serverEvents, referenceEvents, compared, failures);
        }
    }

    /** Feeds the reference the acknowledged batches; each answer must equal the soak server's first one. */
    private static void replay(SoakStream stream, Http http, String ref, List<JsonNode> answers, List<String> failures) {
        String url = ref + "/api/v1/datasets/" + SoakStream.DATASET + "/events";
        stream.batches((n, body) -> {
            if (n >= answers.size()) {
                return false;
            }
            try {
                Http.Answer a = http.post(url, "application/x-ndjson", SoakStream.key(n), body);
                JsonNode got = JSON.readTree(a.body());
                if (a.status() != 200 || !got.equals(answers.get((int) n))) {
                    report(failures, "batch " + n + ": the soak server answered " + answers.get((int) n)
                            + ", the reference " + a.status() + " " + a.body());
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return true;
        });
    }

    private static long events(Http http, String base, List<String> failures) throws IOException, InterruptedException {
        Http.Answer a = http.get(base + "/api/v1/datasets/" + SoakStream.DATASET);
        if (a.status() != 200) {
            failures.add(base + ": dataset answered " + a.status() + " " + a.body());
            return -1;
        }
        return JSON.readTree(a.body()).get("events").asLong();
    }

    private static Map<String, Integer> compareQueries(SoakSettings s, Http http, String server, String ref,
                                                       List<String> failures) throws IOException, InterruptedException {
        SoakStream stream = s.stream();
        QueryCatalog catalog = new QueryCatalog(stream.firstDay(), stream.lastDay());
        Random random = new Random(s.seed() ^ 0x5eedL);
        Map<String, Integer> compared = new TreeMap<>();
        for (int i = 0; i < s.verifyQueries(); i++) {
            QueryCatalog.Request q = catalog.data(random);
            Http.Answer mine = http.get(server + q.path());
            Http.Answer theirs = http.get(ref + q.path());
            if (mine.status() != 200 || theirs.status() != 200) {
                report(failures, q.path() + ": status " + mine.status() + " from the soak server, " + theirs.status()
                        + " from the reference: " + mine.body() + " / " + theirs.body());
            } else if (!JSON.readTree(mine.body()).equals(JSON.readTree(theirs.body()))) {
                report(failures, q.path() + ": the soak server answered " + abbreviate(mine.body())
                        + ", the reference " + abbreviate(theirs.body()));
            }
            compared.merge(q.route(), 1, Integer::sum);
        }
        return compared;
    }

    private static void report(List<String> failures, String failure) {
        if (failures.size() < MAX_REPORTED) {
            failures.add(failure);
        } else if (failures.size() == MAX_REPORTED) {
            failures.add("… and more differences");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 600 ? s : s.substring(0, 600) + "…";
    }
}
