package io.daybit.server;

import io.daybit.engine.Dataset;
import io.daybit.engine.query.Comparison;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.HubOverview;
import io.daybit.engine.query.TimeSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The answer cache is invalidated precisely: a batch leaves cached answers about earlier days
 * valid and makes stale every answer that read one of its days; consent and contact changes make
 * stale the answers that depend on account state; an answer served from the cache always equals
 * the engine's answer now.
 */
class AnswerCacheTest {
    private static final String DS = "/api/v1/datasets/shop";
    private static final Pattern HITS = Pattern.compile("daybit_cache_requests_total\\{result=\"hit\"} ([0-9.]+)");

    private TestServer server;
    private Dataset shop;

    @BeforeEach
    void start() {
        server = TestServer.plain();
        server.post("/api/v1/datasets", "application/json", "{\"name\":\"shop\"}");
        server.post(DS + "/events", "application/x-ndjson",
                TestEvents.ndjson(3, 100, LocalDate.of(2025, 1, 1), LocalDate.of(2025, 3, 31)));
        shop = server.server.engine().dataset("shop");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private long hits() {
        Matcher m = HITS.matcher(server.get("/metrics").body());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }

    private void ingest(String ndjson) {
        assertEquals(200, server.post(DS + "/events", "application/x-ndjson", ndjson).status());
    }

    private static String opened(String account, String ts) {
        return "{\"type\":\"hub_opened\",\"account\":\"" + account + "\",\"ts\":\"" + ts + "\"}\n";
    }

    private long active(String query) {
        return server.get(DS + "/hub/overview?" + query).json().get("metrics").get("active_accounts").get("value")
                .asLong();
    }

    @Test
    void aRepeatedQueryIsServedFromTheCache() {
        String q = "from=2025-02-01&to=2025-02-28&today=2025-03-31";
        long first = active(q);
        long h0 = hits();
        assertEquals(first, active(q));
        assertEquals(h0 + 1, hits());
    }

    @Test
    void eventsAfterTheDaysAnAnswerReadKeepItCached() {
        String q = "from=2025-02-01&to=2025-02-28&today=2025-03-31&compare=none";
        long before = active(q);
        ingest(opened("late-1", "2025-03-05T12:00:00Z"));
        long h0 = hits();
        assertEquals(before, active(q));
        assertEquals(h0 + 1, hits(), "an event of a later day leaves the answer cached");
    }

    @Test
    void anEventOnADayTheAnswerReadMakesItStale() {
        String q = "from=2025-02-01&to=2025-02-28&today=2025-03-31&compare=none";
        long before = active(q);
        ingest(opened("new-1", "2025-02-10T12:00:00Z"));
        long h0 = hits();
        assertEquals(before + 1, active(q));
        assertEquals(h0, hits(), "recomputed, not served from the cache");
    }

    @Test
    void anEventOnADayOfTheComparisonMakesItStale() {
        String q = "from=2025-02-01&to=2025-02-28&today=2025-03-31";
        String previous = server.get(DS + "/hub/overview?" + q).json().get("metrics").get("active_accounts")
                .get("previous").toString();
        ingest(opened("new-2", "2025-01-10T12:00:00Z"));
        String now = server.get(DS + "/hub/overview?" + q).json().get("metrics").get("active_accounts")
                .get("previous").toString();
        assertEquals(Long.parseLong(previous) + 1, Long.parseLong(now));
    }

    @Test
    void aConsentChangeMakesStateDependentAnswersStaleWhateverItsDay() {
        // the users overview reads current consent: a consent event dated later still changes it
        String users = DS + "/users/overview?today=2025-02-01";
        assertEquals(200, server.get(users).status());
        server.get(users);
        long h0 = hits();
        ingest("{\"type\":\"consent\",\"account\":\"acct-1\",\"ts\":\"2025-06-01T00:00:00Z\",\"channel\":\"push\","
                + "\"granted\":true}\n");
        server.get(users);
        assertEquals(h0, hits(), "a consent change is not a day change: the users overview is recomputed");
    }

    @Test
    void aConsentChangeLeavesDayBoundAnswersCached() {
        String q = "from=2025-02-01&to=2025-02-28&today=2025-03-31";
        active(q);
        ingest("{\"type\":\"consent\",\"account\":\"acct-1\",\"ts\":\"2025-06-01T00:00:00Z\",\"channel\":\"push\","
                + "\"granted\":true}\n");
        long h0 = hits();
        active(q);
        assertEquals(h0 + 1, hits());
    }

    @Test
    void cachedAnswersAlwaysEqualTheEngineUnderInterleavedIngest() {
        SplittableRandom rnd = new SplittableRandom(11);
        LocalDate base = LocalDate.of(2025, 1, 1);
        long servedFromCache = 0;
        for (int i = 0; i < 300; i++) {
            if (rnd.nextInt(5) == 0) {
                LocalDate d = base.plusDays(rnd.nextInt(100));
                ingest(opened("r-" + rnd.nextInt(30), d + "T" + String.format("%02d", rnd.nextInt(24)) + ":00:00Z")
                        + "{\"type\":\"service\",\"account\":\"r-1\",\"ts\":\"" + d
                        + "T08:00:00Z\",\"action\":\"chat_started\"}\n");
            }
            LocalDate from = base.plusDays(rnd.nextInt(8) * 10);
            LocalDate to = from.plusDays(rnd.nextInt(3) * 10);
            String q = "from=" + from + "&to=" + to + "&today=2025-04-30";
            long h0 = hits();
            TestServer.Answer a = server.get(DS + "/hub/overview?" + q);
            servedFromCache += hits() - h0;
            HubOverview o = shop.hubOverview(TimeSpec.of(new DayRange(from, to)).compare(Comparison.previousPeriod())
                    .today(LocalDate.of(2025, 4, 30)));
            String why = q + " (cached answers so far: " + servedFromCache + ")";
            assertEquals(o.activeAccounts().value().longValue(),
                    a.json().get("metrics").get("active_accounts").get("value").asLong(), why);
            assertEquals(o.activeAccounts().previous().longValue(),
                    a.json().get("metrics").get("active_accounts").get("previous").asLong(), why);
            assertEquals(o.serviceInteractions().value().longValue(),
                    a.json().get("metrics").get("service_interactions").get("value").asLong(), why);
        }
        assertEquals(true, servedFromCache > 50, "the test exercised the cache: " + servedFromCache);
    }
}
