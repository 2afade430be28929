package io.daybit.engine;

import io.daybit.engine.ingest.IngestResult;
import io.daybit.engine.model.AccountCreated;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.HubOpened;
import io.daybit.engine.model.Order;
import io.daybit.engine.model.OrderLine;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.model.ServiceAction;
import io.daybit.engine.model.ServiceInteraction;
import io.daybit.engine.query.AovReport;
import io.daybit.engine.query.Comparison;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.query.HubOverview;
import io.daybit.engine.query.ServiceInteractions;
import io.daybit.engine.query.TimeSpec;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Queries from several threads while several threads ingest: no query may see a batch half
 * applied (a day's bitmap updated without its counters), and what a thread sees never goes back.
 */
class DatasetConcurrencyTest {
    private static final LocalDate DAY = LocalDate.of(2024, 3, 10);
    private static final int SUBMITTERS = 3;
    private static final int BATCHES_PER_SUBMITTER = 150;
    private static final int K = 8;
    private static final int READERS = 3;

    /**
     * One batch: K new accounts, each created on DAY, opening the hub on DAY and DAY + 1, one
     * service interaction on DAY and one signed-in order of 100 via the hub on DAY. Every count of
     * [DAY, DAY + 1] therefore moves by exactly K per batch, together.
     */
    private static List<Event> batch(String prefix, int b) {
        long dayStart = DAY.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
        long hour = 3_600_000_000L;
        List<Event> events = new ArrayList<>();
        for (int j = 0; j < K; j++) {
            String a = prefix + "-" + b + "-" + j;
            events.add(new AccountCreated(a, dayStart + j, null, Set.of(), Map.of()));
            events.add(new HubOpened(a, dayStart + hour, null));
            events.add(new HubOpened(a, dayStart + 25 * hour, null));
            events.add(new ServiceInteraction(a, dayStart + 2 * hour, null, ServiceAction.values()[j % 5]));
            events.add(new Order(a, dayStart + 3 * hour, null, a, SalesChannel.WEB, null, true,
                    List.of(new OrderLine("P", 1, 100, 0, true))));
        }
        return events;
    }

    @Test
    void concurrentQueriesNeverSeeAHalfAppliedBatch() throws Exception {
        try (Engine engine = Engine.inMemory()) {
            Dataset d = engine.createDataset("concurrent", DatasetSettings.defaults());
            TimeSpec twoDays = TimeSpec.of(DAY, DAY.plusDays(1)).compare(Comparison.none()).today(DAY.plusDays(5));
            TimeSpec firstDay = TimeSpec.of(DAY, DAY).compare(Comparison.previousPeriod()).today(DAY.plusDays(5));
            ExecutorService pool = Executors.newFixedThreadPool(SUBMITTERS + READERS);
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong reads = new AtomicLong();
            AtomicLong partialReads = new AtomicLong();
            ConcurrentLinkedQueue<String> torn = new ConcurrentLinkedQueue<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                readers.add(pool.submit(() -> {
                    start.await();
                    long last = 0;
                    do {
                        HubOverview o = d.hubOverview(twoDays);
                        long n = o.newAccounts().value();
                        if (n % K != 0 || o.activeAccounts().value() != n || o.serviceInteractions().value() != n
                                || o.revenueGenerated().value() != 100 * n || o.totalAccounts().value() != n) {
                            torn.add("overview " + o);
                        }
                        if (n < last) {
                            torn.add("went back from " + last + " to " + n);
                        }
                        last = n;
                        HubOverview first = d.hubOverview(firstDay);
                        if (first.activeAccounts().value().longValue() != first.newAccounts().value()) {
                            torn.add("one day " + first);
                        }
                        ServiceInteractions s = d.serviceInteractions(twoDays);
                        long perAction = s.byAction().values().stream().mapToLong(m -> m.value()).sum();
                        if (perAction != s.total().value() || s.total().value() % K != 0) {
                            torn.add("service " + s);
                        }
                        AovReport a = d.aov(twoDays, Granularity.DAY);
                        if (a.revenue().value() != 100 * a.orders().value() || a.orders().value() % K != 0
                                || a.series().get(0).orders() != a.orders().value()) {
                            torn.add("aov " + a);
                        }
                        if (n > 0 && n < (long) K * SUBMITTERS * BATCHES_PER_SUBMITTER) {
                            partialReads.incrementAndGet();
                        }
                        reads.incrementAndGet();
                    } while (writing.get());
                    return null;
                }));
            }
            List<Future<Long>> submitters = new ArrayList<>();
            for (int w = 0; w < SUBMITTERS; w++) {
                String prefix = "w" + w;
                submitters.add(pool.submit(() -> {
                    start.await();
                    long accepted = 0;
                    for (int b = 0; b < BATCHES_PER_SUBMITTER; b++) {
                        IngestResult result = d.ingest(batch(prefix, b));
                        assertEquals(List.of(), result.rejected());
                        accepted += result.accepted();
                    }
                    return accepted;
                }));
            }
            start.countDown();
            long accepted = 0;
            for (Future<Long> f : submitters) {
                accepted += f.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            for (Future<?> f : readers) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            long accounts = (long) K * SUBMITTERS * BATCHES_PER_SUBMITTER;
            assertEquals(5 * accounts, accepted);
            assertEquals(List.of(), torn.stream().limit(5).toList(), torn.size() + " torn or backward reads");
            HubOverview end = d.hubOverview(twoDays);
            assertEquals(accounts, end.activeAccounts().value());
            assertEquals(accounts, end.serviceInteractions().value());
            assertEquals(100 * accounts, end.revenueGenerated().value());
            assertTrue(partialReads.get() > 0, "no read happened while ingest ran (" + reads + " reads)");
        }
    }
}
