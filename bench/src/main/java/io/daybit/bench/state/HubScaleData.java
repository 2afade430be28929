package io.daybit.bench.state;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.model.AccountCreated;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.HubOpened;
import io.daybit.engine.model.ServiceAction;
import io.daybit.engine.model.ServiceInteraction;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The Customer Hub's shape at scale, built straight into an engine: {@code accounts} accounts
 * created over the period, about {@code activeShare} of them opening the hub each day, and a few
 * service interactions. Seeded, so every run builds the same data.
 */
public final class HubScaleData implements AutoCloseable {
    public static final LocalDate END = LocalDate.of(2025, 12, 31);

    private final Engine engine = Engine.inMemory();
    private final Dataset dataset;
    private final long events;
    private final double ingestEventsPerSecond;

    public HubScaleData(int accounts, int days, double activeShare, long seed) {
        dataset = engine.createDataset("bench", DatasetSettings.defaults());
        SplittableRandom random = new SplittableRandom(seed);
        LocalDate first = END.minusDays(days - 1L);
        long firstMicros = first.atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
        long dayMicros = 86_400_000_000L;
        long count = 0;
        long start = System.nanoTime();
        List<Event> batch = new ArrayList<>(64 * 1024);
        for (int a = 0; a < accounts; a++) {
            long ts = firstMicros + (long) (random.nextDouble() * days / 2) * dayMicros + random.nextLong(dayMicros);
            batch.add(new AccountCreated("a" + a, ts, null, Set.of(), Map.of()));
            if (batch.size() == 64 * 1024) {
                count += flush(batch);
            }
        }
        int perDay = (int) (accounts * activeShare);
        ServiceAction[] actions = ServiceAction.values();
        for (int d = 0; d < days; d++) {
            long dayStart = firstMicros + d * dayMicros;
            for (int i = 0; i < perDay; i++) {
                String account = "a" + random.nextInt(accounts);
                long ts = dayStart + random.nextLong(dayMicros);
                batch.add(new HubOpened(account, ts, null));
                if (i % 10 == 0) {
                    batch.add(new ServiceInteraction(account, ts + 1, null, actions[random.nextInt(actions.length)]));
                }
                if (batch.size() >= 64 * 1024) {
                    count += flush(batch);
                }
            }
        }
        count += flush(batch);
        double seconds = (System.nanoTime() - start) / 1e9;
        events = count;
        ingestEventsPerSecond = count / seconds;
    }

    private long flush(List<Event> batch) {
        int n = dataset.ingest(batch).accepted();
        batch.clear();
        return n;
    }

    public Dataset dataset() {
        return dataset;
    }

    public long events() {
        return events;
    }

    /** Events per second of building the data (record creation + ingest), a lower bound of ingest speed. */
    public double ingestEventsPerSecond() {
        return ingestEventsPerSecond;
    }

    @Override
    public void close() {
        engine.close();
    }
}
