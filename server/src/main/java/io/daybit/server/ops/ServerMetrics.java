package io.daybit.server.ops;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetInfo;
import io.daybit.engine.Engine;
import io.daybit.engine.NotFoundException;
import io.daybit.engine.ingest.IngestResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The server's meters, exposed as Prometheus text:
 * <ul>
 *   <li>{@code daybit_http_requests_seconds} (count, sum, histogram buckets) by method, route
 *       template and status;</li>
 *   <li>{@code daybit_ingest_batches_total}, {@code daybit_ingest_events_accepted_total},
 *       {@code daybit_ingest_events_rejected_total} by dataset, counting applied batches only;
 *       {@code daybit_ingest_replays_total}: retries of an idempotency key already answered;</li>
 *   <li>{@code daybit_dataset_events}, {@code daybit_dataset_accounts},
 *       {@code daybit_dataset_bytes} by dataset, read from the engine at each scrape;</li>
 *   <li>{@code daybit_cache_requests_total} by result (hit, miss);</li>
 *   <li>JVM memory, GC and threads ({@code jvm_*}).</li>
 * </ul>
 */
public final class ServerMetrics implements AutoCloseable {
    /** Latency buckets: from a cached answer to a slow ingest. */
    private static final Duration[] BUCKETS = {
        Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
        Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30)};

    private record RequestKey(String method, String route, int status) {
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<RequestKey, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final MultiGauge datasetEvents;
    private final MultiGauge datasetAccounts;
    private final MultiGauge datasetBytes;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Engine engine;

    public ServerMetrics(Engine engine) {
        this.engine = engine;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        gc.bindTo(registry);
        cacheHits = Counter.builder("daybit.cache.requests").tag("result", "hit")
                .description("query answers served from the answer cache").register(registry);
        cacheMisses = Counter.builder("daybit.cache.requests").tag("result", "miss")
                .description("query answers computed by the engine").register(registry);
        datasetEvents = MultiGauge.builder("daybit.dataset.events").description("accepted events")
                .register(registry);
        datasetAccounts = MultiGauge.builder("daybit.dataset.accounts")
                .description("distinct account ids, guests included").register(registry);
        datasetBytes = MultiGauge.builder("daybit.dataset.bytes").baseUnit("bytes")
                .description("memory held by the dataset's columns, roughly").register(registry);
    }

    /** Records one HTTP request. */
    public void request(String method, String route, int status, long nanos) {
        requestTimers.computeIfAbsent(new RequestKey(method, route, status), k -> Timer.builder("daybit.http.requests")
                .description("HTTP requests by route template")
                .tags("method", k.method, "route", k.route, "status", Integer.toString(k.status))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Records one answered batch: an applied one in the batch and event counters, a retry of an
     * idempotency key already answered (nothing applied) only in the replay counter, so that the
     * accepted events add up to what the datasets hold.
     */
    public void ingest(String dataset, IngestResult result) {
        Tags tags = Tags.of("dataset", dataset);
        if (result.replayed()) {
            counter("daybit.ingest.replays", "retried batches answered with their first answer, nothing applied", tags)
                    .increment();
            return;
        }
        counter("daybit.ingest.batches", "batches applied", tags).increment();
        counter("daybit.ingest.events.accepted", "events accepted and applied", tags).increment(result.accepted());
        counter("daybit.ingest.events.rejected", "events rejected, with a reason in the answer", tags)
                .increment(result.rejected().size());
    }

    private Counter counter(String name, String description, Tags tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    /** Counts a cache lookup. */
    public void cache(boolean hit) {
        (hit ? cacheHits : cacheMisses).increment();
    }

    /**
     * The Prometheus text of every meter, with the dataset gauges read now. One scrape at a time:
     * re-registering the gauges' rows is a remove-then-add on the registry, and two scrapes doing it
     * at once left two gauges with the same labels, which the text writer refuses (a 500).
     */
    public synchronized String scrape() {
        List<MultiGauge.Row<?>> events = new ArrayList<>();
        List<MultiGauge.Row<?>> accounts = new ArrayList<>();
        List<MultiGauge.Row<?>> bytes = new ArrayList<>();
        for (Dataset d : engine.datasets()) {
            try {
                DatasetInfo info = d.info();
                Tags tags = Tags.of("dataset", d.name());
                events.add(MultiGauge.Row.of(tags, info.events()));
                accounts.add(MultiGauge.Row.of(tags, info.accounts()));
                bytes.add(MultiGauge.Row.of(tags, d.sizeInBytes()));
            } catch (NotFoundException deletedMeanwhile) {
                // a dataset deleted during the scrape simply drops out of it
            }
        }
        datasetEvents.register(events, true);
        datasetAccounts.register(accounts, true);
        datasetBytes.register(bytes, true);
        return registry.scrape();
    }

    /** The content type of {@link #scrape()}. */
    public static String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
