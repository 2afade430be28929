package io.daybit.engine.persist;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetInternals;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.EngineConfig;
import io.daybit.engine.NotFoundException;
import io.daybit.engine.UnavailableException;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.Order;
import io.daybit.engine.model.OrderLine;
import io.daybit.engine.model.SalesChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.daybit.engine.persist.PersistentEngineTest.micros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The index files are closed only when no query can be reading them: deleting a dataset waits for
 * the queries in progress, and a dataset of a closed engine refuses queries instead of reading
 * closed (unmapped) files.
 */
class IndexFilesLifecycleTest {
    @TempDir
    Path dir;

    private EngineConfig config() {
        return EngineConfig.persistent(dir).withExpectedSize(1_000, 1_000);
    }

    static List<Event> orders(String prefix, int from, int to) {
        List<Event> batch = new ArrayList<>();
        for (int i = from; i < to; i++) {
            batch.add(new Order("account-" + prefix + i, micros("2024-03-01T10:00:00Z") + i * 60_000_000L, null,
                    "order-" + prefix + i, SalesChannel.WEB, null, true,
                    List.of(new OrderLine("p1", 1, 10_000, 0, false))));
        }
        return batch;
    }

    @Test
    void aQueryInProgressWhenItsDatasetIsDeletedFinishesOnOpenIndexFiles() throws Exception {
        try (Engine e = Engine.open(config())) {
            Dataset d = e.createDataset("shop", DatasetSettings.defaults());
            d.ingest(orders("a", 0, 20));
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch deleted = new CountDownLatch(1);
            // a query that reads an account's name from the files after the delete was asked for
            CompletableFuture<String> name = CompletableFuture.supplyAsync(() -> DatasetInternals.read(d, s -> {
                inside.countDown();
                try {
                    // a delete that waits for this query never counts down: go on after a second
                    deleted.await(1, TimeUnit.SECONDS);
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                }
                return s.accounts().name(3);
            }));
            inside.await();
            e.deleteDataset("shop");
            deleted.countDown();
            assertEquals("account-a3", name.get(10, TimeUnit.SECONDS));
            assertThrows(NotFoundException.class, d::info, "after the delete, queries say it is gone");
        }
    }

    @Test
    void aDatasetOfAClosedEngineRefusesQueriesInsteadOfReadingClosedFiles() {
        Dataset d;
        try (Engine e = Engine.open(config())) {
            d = e.createDataset("shop", DatasetSettings.defaults());
            d.ingest(orders("a", 0, 20));
        }
        // the first RFM question reads every account's name from the files
        assertThrows(UnavailableException.class, () -> d.rfm(LocalDate.of(2024, 3, 1)));
        assertThrows(UnavailableException.class, d::info);
    }

    @Test
    void aDatasetDeletedAndCreatedAgainUnderItsNameStartsEmptyAndKeepsItsNewData() {
        try (Engine e = Engine.open(config())) {
            e.createDataset("shop", DatasetSettings.defaults()).ingest(orders("a", 0, 20));
            e.deleteDataset("shop");
            Dataset again = e.createDataset("shop", DatasetSettings.defaults());
            assertEquals(0, again.info().accounts());
            assertEquals(20, again.ingest(orders("a", 0, 20)).accepted(), "the old order ids are gone with it");
            assertEquals(5, again.ingest(orders("b", 0, 5)).accepted());
        }
        try (Engine e = Engine.open(config())) {
            assertEquals(25, e.dataset("shop").info().accounts());
            assertEquals(0, e.dataset("shop").ingest(orders("a", 0, 20)).accepted());
        }
    }
}
