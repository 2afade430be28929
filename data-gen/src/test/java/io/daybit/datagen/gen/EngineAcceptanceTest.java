package io.daybit.datagen.gen;

import io.daybit.datagen.profile.GeneratorConfig;
import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.codec.Rejection;
import io.daybit.engine.ingest.IngestResult;
import io.daybit.engine.model.AccountCreated;
import io.daybit.engine.model.Event;
import io.daybit.engine.query.HubOverview;
import io.daybit.engine.query.TimeSpec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every generated valid event is accepted by the engine, and every invalid line rejected. */
class EngineAcceptanceTest {
    private static final GeneratorConfig CONFIG = GeneratorConfig.builder().accounts(3000).days(120)
            .end(LocalDate.of(2024, 11, 10)).timezone(ZoneId.of("America/New_York")).seed(5)
            .lateShare(0.05).invalidShare(0.04).build();

    @Test
    void everyValidLineIsAcceptedAndEveryInvalidOneRejected() {
        List<Integer> invalidLines = new ArrayList<>();
        int[] line = {0};
        new Generator(CONFIG).stream(new EventSink() {
            @Override
            public void event(Event event) {
                line[0]++;
            }

            @Override
            public void invalidLine(String text) {
                invalidLines.add(++line[0]);
            }
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GenerationStats stats = new Generator(CONFIG).writeNdjson(out, 2, ProgressListener.NONE);
        assertTrue(invalidLines.size() > 500, "invalid lines " + invalidLines.size());
        try (Engine engine = Engine.inMemory()) {
            Dataset dataset = engine.createDataset("gen", DatasetSettings.defaults().withTimezone(CONFIG.timezone()));
            IngestResult result = dataset.ingestNdjson(out.toByteArray(), null);
            assertEquals(stats.events(), result.accepted());
            List<Integer> rejected = result.rejected().stream().map(Rejection::line).toList();
            assertEquals(invalidLines, rejected);
            assertTrue(result.rejected().stream().allMatch(r -> !r.error().isBlank()));
            assertTrue(result.rejected().stream().anyMatch(r -> r.error().startsWith("duplicate order_id")));
        }
    }

    @Test
    void objectBatchesAreAcceptedWholeAndCountedByTheEngine() {
        long[] created = {0};
        try (Engine engine = Engine.inMemory()) {
            Dataset dataset = engine.createDataset("gen", DatasetSettings.defaults().withTimezone(CONFIG.timezone()));
            GenerationStats stats = new Generator(CONFIG).batches(5000, batch -> {
                for (Event e : batch) {
                    if (e instanceof AccountCreated) {
                        created[0]++;
                    }
                }
                IngestResult r = dataset.ingest(batch);
                assertEquals(batch.size(), r.accepted(), () -> "rejected " + r.rejected());
            });
            assertEquals(stats.events(), dataset.info().events());
            HubOverview overview = dataset.hubOverview(TimeSpec.of(CONFIG.start(), CONFIG.end()).today(CONFIG.end()));
            assertEquals(created[0], overview.totalAccounts().value());
            assertTrue(overview.activeAccounts().value() > 0.3 * CONFIG.accounts(), "active " + overview.activeAccounts());
            assertTrue(overview.revenueGenerated().value() > 0);
        }
    }
}
