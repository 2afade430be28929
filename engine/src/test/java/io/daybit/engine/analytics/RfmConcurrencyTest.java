package io.daybit.engine.analytics;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.RfmSettings;
import io.daybit.engine.model.Event;
import io.daybit.engine.reference.ReferenceModel;
import io.daybit.engine.testdata.RandomEvents;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * RFM questions asked from several threads while batches are ingested (in time order, with late
 * ones) run on the index's own copies outside the dataset lock: none fails, and once ingest is
 * over every answer agrees with the reference model.
 */
class RfmConcurrencyTest {
    @Test
    void questionsDuringIngestFailNoneAndAgreeAfterIt() throws InterruptedException {
        Random rnd = new Random(99);
        RandomEvents.Config config = new RandomEvents.Config(java.time.ZoneId.of("UTC"), 24,
                LocalDate.of(2024, 1, 1), 400, 300, 6_000);
        List<Event> events = new ArrayList<>(RandomEvents.generate(rnd, config));
        events.sort((a, b) -> Long.compare(a.tsMicros(), b.tsMicros()));
        for (int k = 0; k < 40; k++) {
            events.add(rnd.nextInt(events.size()), events.remove(rnd.nextInt(events.size())));
        }
        List<List<Event>> batches = RandomEvents.batches(events, rnd);
        try (Engine engine = Engine.inMemory()) {
            Dataset ds = engine.createDataset("busy", DatasetSettings.defaults());
            AtomicBoolean done = new AtomicBoolean();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                long seed = t;
                Thread reader = new Thread(() -> {
                    Random r = new Random(seed);
                    while (!done.get()) {
                        try {
                            LocalDate d = config.firstDay().plusDays(r.nextInt(config.days()));
                            switch (r.nextInt(3)) {
                                case 0 -> ds.rfm(d);
                                case 1 -> ds.transitions(d, d.plusDays(1 + r.nextInt(60)), TransitionBy.PERSONA);
                                default -> ds.members(d, Segment.stage(Stage.ACTIVE), 1 + r.nextInt(50), null);
                            }
                        } catch (Throwable e) {
                            errors.add(e);
                            return;
                        }
                    }
                });
                reader.start();
                readers.add(reader);
            }
            ReferenceModel model = new ReferenceModel(config.zone(), 24, RfmSettings.defaults());
            for (List<Event> batch : batches) {
                ds.ingest(batch);
                model.ingest(batch);
            }
            done.set(true);
            for (Thread reader : readers) {
                reader.join();
            }
            assertEquals(List.of(), List.copyOf(errors));
            for (int i = 0; i < 20; i++) {
                LocalDate d = config.firstDay().plusDays(rnd.nextInt(config.days()));
                List<String> diffs = RfmPropertyTest.check(ds, model, new RfmPropertyTest.AskRfm(d));
                diffs.addAll(RfmPropertyTest.check(ds, model, new RfmPropertyTest.AskTransitions(d, d.plusDays(30),
                        TransitionBy.STAGE)));
                diffs.addAll(RfmPropertyTest.check(ds, model, new RfmPropertyTest.AskMembers(d,
                        Segment.stage(Stage.LAPSING), 1000, null)));
                assertEquals(List.of(), diffs, "as of " + d);
            }
        }
    }
}
