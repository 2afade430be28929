package io.daybit.example;

import io.daybit.engine.ConflictException;
import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetInfo;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.DaybitException;
import io.daybit.engine.Engine;
import io.daybit.engine.EngineConfig;
import io.daybit.engine.InvalidRequestException;
import io.daybit.engine.NotFoundException;
import io.daybit.engine.RfmSettings;
import io.daybit.engine.UnavailableException;
import io.daybit.engine.analytics.Cohort;
import io.daybit.engine.analytics.MemberPage;
import io.daybit.engine.analytics.RetentionBy;
import io.daybit.engine.analytics.RetentionReport;
import io.daybit.engine.analytics.RfmReport;
import io.daybit.engine.analytics.Segment;
import io.daybit.engine.analytics.Stage;
import io.daybit.engine.analytics.TransitionBy;
import io.daybit.engine.analytics.TransitionMatrix;
import io.daybit.engine.codec.BatchReader;
import io.daybit.engine.ingest.IngestResult;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.HubOpened;
import io.daybit.engine.model.Order;
import io.daybit.engine.model.OrderLine;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.model.ServiceAction;
import io.daybit.engine.query.AovBucket;
import io.daybit.engine.query.AovReport;
import io.daybit.engine.query.Comparison;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Direction;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.query.HubOverview;
import io.daybit.engine.query.Metric;
import io.daybit.engine.query.Preset;
import io.daybit.engine.query.PurchaseActivity;
import io.daybit.engine.query.PurchaseFilter;
import io.daybit.engine.query.ServiceInteractions;
import io.daybit.engine.query.TimeFrame;
import io.daybit.engine.query.TimeSpec;
import io.daybit.engine.query.UsersOverview;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls the whole public API of the engine from outside its packages, as an embedding application
 * would: a change that breaks an embedder breaks this test first. {@link #readmeEmbeddingExample()}
 * is the README's example, verbatim, with its comments turned into assertions.
 */
class PublicApiTest {

    @Test
    void readmeEmbeddingExample() {
        // --- README: begin
        try (Engine engine = Engine.inMemory()) {
            Dataset shop = engine.createDataset("shop", DatasetSettings.defaults()
                    .withTimezone(ZoneId.of("Europe/Stockholm"))
                    .withCurrency("SEK")
                    .withAttributionWindowHours(48));

            IngestResult result = shop.ingestNdjson("""
                    {"type":"account_created","account":"anna","ts":"2025-03-01T09:00:00+01:00","contacts":["email"],"consents":{"email":true}}
                    {"type":"hub_opened","account":"anna","ts":"2025-03-02T10:00:00+01:00"}
                    {"type":"hub_product","account":"anna","ts":"2025-03-02T10:01:00+01:00","product":"kaffe","action":"click"}
                    {"type":"order","account":"anna","ts":"2025-03-02T18:30:00+01:00","order_id":"A-1","signed_in":true,"lines":[{"product":"kaffe","quantity":2,"amount":9800}]}
                    {"type":"service","account":"anna","ts":"2025-03-03T08:00:00+01:00","action":"teleport"}
                    """.getBytes(StandardCharsets.UTF_8), null);
            // 4 accepted; line 5 rejected: "unknown service action 'teleport' (allowed: ...)"

            HubOverview hub = shop.hubOverview(TimeSpec.of(Preset.LAST_7_DAYS).today(LocalDate.of(2025, 3, 7)));
            long active = hub.activeAccounts().value();       // 1
            long revenue = hub.revenueGenerated().value();    // 9800 öre, attributed by the click 8.5 h before
            Double change = hub.newAccounts().changePct();    // null: no account was new the 7 days before
            // --- README: end

            assertEquals(4, result.accepted());
            assertEquals(1, result.rejected().size());
            assertEquals(5, result.rejected().get(0).line());
            assertTrue(result.rejected().get(0).error().contains("teleport"));
            assertEquals(1, active);
            assertEquals(9800, revenue);
            assertNull(change);
            assertEquals(new DayRange(LocalDate.of(2025, 3, 1), LocalDate.of(2025, 3, 7)), hub.frame().range());
            assertEquals(new DayRange(LocalDate.of(2025, 2, 22), LocalDate.of(2025, 2, 28)), hub.frame().comparison());
            assertEquals(Direction.UP, hub.newAccounts().direction());
        }
    }

    @Test
    void everyPublicCallOfEngineAndDataset() {
        try (Engine engine = Engine.inMemory()) {
            // datasets: create, find, list, settings
            DatasetSettings settings = DatasetSettings.defaults()
                    .withTimezone(DatasetSettings.parseZone("America/New_York"))
                    .withCurrency("EUR")
                    .withAttributionWindowHours(24)
                    .withRfm(RfmSettings.defaults());
            Dataset d = engine.createDataset("api-test", settings);
            Dataset other = engine.createDataset("other_1", DatasetSettings.defaults());
            assertSame(d, engine.dataset("api-test"));
            assertEquals(List.of(d, other), engine.datasets());
            assertTrue(engine.findDataset("api-test").isPresent());
            assertFalse(engine.findDataset("nope").isPresent());
            assertEquals("api-test", d.name());
            assertEquals(settings, d.settings());
            assertEquals(LocalDate.now(ZoneId.of("America/New_York")).toEpochDay(), d.today().toEpochDay(), 1);

            // ingest: event records, NDJSON, JSON arrays, decoded lines, idempotency keys
            long t = java.time.Instant.parse("2025-03-03T15:00:00Z").getEpochSecond() * 1_000_000L;
            IngestResult records = d.ingest(List.of(
                    new HubOpened("bo", t, "trace-1"),
                    new Order("bo", t + 1, null, "B-1", SalesChannel.STORE, "Centrum", true,
                            List.of(new OrderLine("P", 1, 2500, 100, true)))));
            assertEquals(new IngestResult(2, List.of()), records);
            IngestResult keyed = d.ingest(List.of(new HubOpened("cy", t, null)), "key-1");
            IngestResult retried = d.ingest(List.of(new HubOpened("cy", t, null)), "key-1");
            assertEquals(new IngestResult(keyed.accepted(), keyed.rejected(), true), retried);
            assertTrue(retried.replayed() && !keyed.replayed(), "a retry is the first answer, marked as a replay");
            IngestResult array = d.ingestJsonArray(("[{\"type\":\"service\",\"account\":\"bo\",\"ts\":"
                    + "\"2025-03-03T10:00:00-05:00\",\"action\":\"chat_started\"}, {\"type\":\"order\",\"account\":\"bo\","
                    + "\"ts\":1741014000000,\"order_id\":\"B-1\",\"lines\":[{\"product\":\"P\",\"quantity\":1,"
                    + "\"amount\":1}]}]").getBytes(StandardCharsets.UTF_8), null);
            assertEquals(1, array.accepted());
            assertEquals(2, array.rejected().get(0).line());
            assertTrue(array.rejected().get(0).error().contains("B-1"));
            IngestResult decoded = d.submit(new BatchReader().readNdjson(("{\"type\":\"account_created\","
                    + "\"account\":\"bo\",\"ts\":\"2025-03-01T00:00:00-05:00\",\"contacts\":[\"sms\"],"
                    + "\"consents\":{\"sms\":true}}\n").getBytes(StandardCharsets.UTF_8)), null);
            assertEquals(1, decoded.accepted());

            DatasetInfo info = d.info();
            assertEquals(new DatasetInfo("api-test", settings, 2, 5, LocalDate.of(2025, 3, 1),
                    LocalDate.of(2025, 3, 3)), info);
            assertTrue(d.sizeInBytes() > 0);
            assertEquals(List.of("Centrum"), d.stores());

            // Customer Hub queries and the time model
            TimeSpec march = TimeSpec.of(LocalDate.of(2025, 3, 1), LocalDate.of(2025, 3, 31))
                    .compare(Comparison.previousYear()).today(LocalDate.of(2025, 4, 2));
            TimeFrame frame = d.resolve(march);
            assertEquals(new DayRange(LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 31)), frame.comparison());
            HubOverview o = d.hubOverview(march);
            assertEquals(Metric.ofLong(2, 0L), o.activeAccounts());
            assertEquals(Metric.ofLong(1, 0L), o.totalAccounts());
            assertEquals(Metric.ofLong(1, 0L), o.serviceInteractions());
            assertEquals(Metric.ofLong(2500, 0L), o.revenueGenerated());
            ServiceInteractions s = d.serviceInteractions(TimeSpec.of(Preset.LAST_MONTH).compare(Comparison.none())
                    .today(LocalDate.of(2025, 4, 2)));
            assertEquals(Metric.ofLong(1, null), s.byAction().get(ServiceAction.CHAT_STARTED));
            AovReport aov = d.aov(TimeSpec.of(DayRange.of(LocalDate.of(2025, 3, 3)))
                    .compare(Comparison.custom(new DayRange(LocalDate.of(2025, 2, 1), LocalDate.of(2025, 2, 28))))
                    .today(LocalDate.of(2025, 4, 2)), Granularity.fromWire("week"));
            assertEquals(Metric.ofDouble(2500.0, null), aov.aov());
            assertEquals(List.of(new AovBucket(LocalDate.of(2025, 3, 3), LocalDate.of(2025, 3, 3), 1, 2500, 2500.0)),
                    aov.series());

            // deletion
            engine.deleteDataset("other_1");
            assertThrows(NotFoundException.class, () -> engine.dataset("other_1"));
            assertThrows(NotFoundException.class, () -> other.hubOverview(march));
            assertThrows(NotFoundException.class, () -> other.ingest(List.of(new HubOpened("x", t, null))));
            assertThrows(NotFoundException.class, () -> engine.deleteDataset("other_1"));
        }
    }

    /** The events of {@link #everyPublicCallOfEngineAndDataset()}: bo, created on 03-01, buys in store on 03-03. */
    private static Dataset loaded(Engine engine) {
        Dataset d = engine.createDataset("api-test", DatasetSettings.defaults()
                .withTimezone(ZoneId.of("America/New_York")));
        IngestResult r = d.ingestNdjson(("""
                {"type":"account_created","account":"bo","ts":"2025-03-01T00:00:00-05:00","contacts":["sms"],"consents":{"sms":true}}
                {"type":"hub_opened","account":"bo","ts":"2025-03-03T10:00:00-05:00"}
                {"type":"order","account":"bo","ts":"2025-03-03T10:00:01-05:00","order_id":"B-1","channel":"store","store":"Centrum","signed_in":true,"lines":[{"product":"P","quantity":1,"amount":2500,"discount":100,"via_hub":true}]}
                """).getBytes(StandardCharsets.UTF_8), null);
        assertEquals(3, r.accepted());
        return d;
    }

    private static final TimeSpec MARCH = TimeSpec.of(LocalDate.of(2025, 3, 1), LocalDate.of(2025, 3, 31))
            .compare(Comparison.previousYear()).today(LocalDate.of(2025, 4, 2));

    /** Customer & Business queries. */
    @Test
    void usersAndPurchaseActivity() {
        try (Engine engine = Engine.inMemory()) {
            Dataset d = loaded(engine);
            TimeSpec march = MARCH;
            UsersOverview users = d.usersOverview(LocalDate.of(2025, 4, 2));
            assertEquals(1, users.users());
            assertEquals(1L, users.consentedByChannel().get(Channel.SMS));
            PurchaseActivity p = d.purchases(march, new PurchaseFilter(PurchaseFilter.Consent.WITH, Channel.SMS,
                    PurchaseFilter.Recency.NEW_12M, SalesChannel.STORE, "Centrum"));
            assertEquals(1L, p.purchases().value());
            assertEquals(PurchaseFilter.none(), d.purchases(march, PurchaseFilter.none()).filters());
        }
    }

    /** RFM and retention queries. */
    @Test
    void rfmTransitionsMembersAndRetention() {
        try (Engine engine = Engine.inMemory()) {
            Dataset d = loaded(engine);
            d.updateRfm(new RfmSettings(90, RfmSettings.Mode.FIXED, new RfmSettings.Thresholds(30, 90),
                    new RfmSettings.Thresholds(2, 4), new RfmSettings.Thresholds(10_000, 50_000),
                    RfmSettings.defaultPersonas()));
            RfmReport rfm = d.rfm(LocalDate.of(2025, 3, 31));
            assertEquals(1, rfm.customers());
            assertEquals(1L, rfm.stages().get(Stage.ACTIVE));
            TransitionMatrix tm = d.transitions(LocalDate.of(2025, 2, 1), LocalDate.of(2025, 3, 31),
                    TransitionBy.STAGE);
            assertEquals("none", tm.labels().get(tm.labels().size() - 1));
            MemberPage page = d.members(LocalDate.of(2025, 3, 31), Segment.stage(Stage.ACTIVE), 10, null);
            assertEquals(List.of("bo"), page.accounts());
            assertNull(page.next());
            assertEquals(List.of(), d.members(null, Segment.cell(1, 1, 1), 10, null).accounts());
            assertThrows(NotFoundException.class, () -> d.members(null, Segment.persona("no-such"), 10, null));
            RetentionReport r = d.retention(new DayRange(LocalDate.of(2025, 3, 1), LocalDate.of(2025, 3, 31)),
                    Granularity.WEEK, RetentionBy.HUB_OPENED);
            Cohort first = r.cohorts().get(0); // the ISO week of Mon 02-24, which holds bo's 03-01
            assertEquals(LocalDate.of(2025, 2, 24), first.start());
            assertEquals(1, first.size());
            assertEquals(List.of(0L, 1L), first.retained().subList(0, 2)); // opened the hub on Mon 03-03

        }
    }

    @Test
    void badInputIsADaybitExceptionNamingTheParameter() {
        try (Engine engine = Engine.inMemory()) {
            engine.createDataset("taken", DatasetSettings.defaults());
            assertParam("name", () -> engine.createDataset("Not Valid", DatasetSettings.defaults()));
            assertParam("name", () -> engine.createDataset("-starts-with-dash", DatasetSettings.defaults()));
            assertParam("name", () -> engine.createDataset("x".repeat(65), DatasetSettings.defaults()));
            assertThrows(ConflictException.class, () -> engine.createDataset("taken", DatasetSettings.defaults()));
            assertThrows(NotFoundException.class, () -> engine.dataset("missing"));
            assertParam("timezone", () -> DatasetSettings.parseZone("Mars/Olympus_Mons"));
            assertParam("currency", () -> DatasetSettings.defaults().withCurrency("usd"));
            assertParam("currency", () -> DatasetSettings.defaults().withCurrency("XYZ"));
            assertParam("attribution_window_hours", () -> DatasetSettings.defaults().withAttributionWindowHours(-1));
            assertParam("from", () -> new DayRange(LocalDate.of(2025, 3, 9), LocalDate.of(2025, 3, 1)));
            assertParam("lookback_days", () -> new RfmSettings(0, RfmSettings.Mode.QUANTILE,
                    new RfmSettings.Thresholds(30, 90), new RfmSettings.Thresholds(2, 4),
                    new RfmSettings.Thresholds(10_000, 50_000), RfmSettings.defaultPersonas()));
            assertParam("thresholds", () -> new RfmSettings(365, RfmSettings.Mode.FIXED,
                    new RfmSettings.Thresholds(90, 30), new RfmSettings.Thresholds(2, 4),
                    new RfmSettings.Thresholds(10_000, 50_000), RfmSettings.defaultPersonas()));
            assertParam("personas", () -> new RfmSettings(365, RfmSettings.Mode.QUANTILE,
                    new RfmSettings.Thresholds(30, 90), new RfmSettings.Thresholds(2, 4),
                    new RfmSettings.Thresholds(10_000, 50_000), Map.of("all", List.of("111"))));
            assertParam("consent_channel", () -> new PurchaseFilter(null, Channel.EMAIL, null, null, null));
            assertParam("r", () -> Segment.cell(4, 1, 1));
            assertParam("compare", () -> new Comparison(Comparison.Kind.CUSTOM, null));
            assertParam("preset", () -> new TimeSpec(Preset.TODAY, DayRange.of(LocalDate.of(2025, 3, 1)),
                    Comparison.none(), null));
            assertParam("preset", () -> new TimeSpec(null, null, Comparison.none(), null));
        }
    }

    @Test
    void aClosedEngineRefusesIngest() {
        Engine engine = Engine.inMemory();
        Dataset d = engine.createDataset("closing", DatasetSettings.defaults());
        engine.close();
        assertThrows(UnavailableException.class, () -> d.ingest(List.of(new HubOpened("a", 0, null))));
    }

    @Test
    void aPersistentEngineKeepsWhatItAcknowledged(@TempDir Path dir) {
        // --- README durability: begin
        EngineConfig config = EngineConfig.persistent(dir.resolve("daybit"))
                .withSegmentBytes(16L << 20)          // a new log segment file every 16 MiB
                .withMinFreeDiskBytes(64L << 20);     // refuse ingest (503) below 64 MiB free
        try (Engine engine = Engine.open(config)) {
            Dataset shop = engine.findDataset("shop")
                    .orElseGet(() -> engine.createDataset("shop", DatasetSettings.defaults()));
            shop.ingestNdjson("""
                    {"type":"hub_opened","account":"anna","ts":"2025-03-02T10:00:00Z"}
                    """.getBytes(StandardCharsets.UTF_8), "batch-1"); // on disk once this returns
        }
        try (Engine engine = Engine.open(config)) {                 // everything comes back
            Dataset shop = engine.dataset("shop");
            IngestResult retried = shop.ingestNdjson("""
                    {"type":"hub_opened","account":"anna","ts":"2025-03-02T10:00:00Z"}
                    """.getBytes(StandardCharsets.UTF_8), "batch-1"); // a retry: applied once only
            assertEquals(1, retried.accepted());
            assertEquals(1, shop.info().events());
        }
        // --- README durability: end
        assertTrue(config.isPersistent());
        assertFalse(EngineConfig.inMemory().isPersistent());
        try (Engine engine = Engine.persistent(dir.resolve("daybit"))) {
            assertEquals(Optional.of(dir.resolve("daybit").toAbsolutePath()), engine.dataDirectory());
            assertThrows(UnavailableException.class, () -> Engine.persistent(dir.resolve("daybit")),
                    "one engine per data directory");
        }
        try (Engine engine = Engine.open(EngineConfig.inMemory())) {
            assertEquals(Optional.empty(), engine.dataDirectory());
        }
        assertParam("segment_bytes", () -> EngineConfig.persistent(dir).withSegmentBytes(10));
        assertParam("min_free_disk_bytes", () -> EngineConfig.persistent(dir).withMinFreeDiskBytes(-1));
        assertParam("snapshot_every_log_bytes", () -> EngineConfig.persistent(dir).withSnapshotEveryLogBytes(0));
        assertEquals(1L << 30, EngineConfig.persistent(dir).withSnapshotEveryLogBytes(1L << 30).snapshotEveryLogBytes());
    }

    private static void assertParam(String param, Runnable call) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, call::run);
        assertTrue(e.params().contains(param), () -> e.getMessage() + " names " + e.params() + ", not " + param);
        assertTrue(e instanceof DaybitException);
        assertFalse(e.getMessage().isBlank());
    }
}
