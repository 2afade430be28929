package io.daybit.engine.persist;

import io.daybit.engine.DatasetSettings;
import io.daybit.engine.EngineConfig;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.Order;
import io.daybit.engine.testdata.RandomEvents;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The batches of the crash test, the same in the test and in the process it kills: seeded random
 * events cut into batches, with an order id repeated across batches kept only in the first, so
 * that batches applied in any order (the process ingests from several threads) give the same data.
 * Repeats within a batch stay: they are rejected the same way whatever the order of batches.
 */
final class CrashWorkload {
    static final String DATASET = "crash";
    static final RandomEvents.Config CONFIG = new RandomEvents.Config(ZoneId.of("Europe/Stockholm"), 24,
            LocalDate.of(2024, 1, 1), 400, 400, 24_000);

    private CrashWorkload() {
    }

    /**
     * Small segments and frequent snapshots: kills land while segments roll, snapshots are written
     * and old segments are dropped, not only between appends.
     */
    static EngineConfig config(java.nio.file.Path data) {
        return EngineConfig.persistent(data).withSegmentBytes(8 * 1024).withSnapshotEveryLogBytes(16 * 1024);
    }

    static DatasetSettings settings() {
        return DatasetSettings.defaults().withTimezone(CONFIG.zone()).withAttributionWindowHours(CONFIG.windowHours());
    }

    static String key(int batch) {
        return "batch-" + batch;
    }

    static List<List<Event>> batches(long seed) {
        Random rnd = new Random(seed);
        List<Event> events = RandomEvents.generate(rnd.nextLong(), CONFIG);
        List<List<Event>> out = new ArrayList<>();
        Set<String> earlierBatches = new HashSet<>();
        int at = 0;
        while (at < events.size()) {
            int size = Math.min(events.size() - at, 20 + rnd.nextInt(200));
            List<Event> batch = new ArrayList<>(size);
            Set<String> here = new HashSet<>();
            for (Event e : events.subList(at, at + size)) {
                if (e instanceof Order o) {
                    if (earlierBatches.contains(o.orderId())) {
                        continue;
                    }
                    here.add(o.orderId());
                }
                batch.add(e);
            }
            earlierBatches.addAll(here);
            out.add(batch);
            at += size;
        }
        return out;
    }
}
