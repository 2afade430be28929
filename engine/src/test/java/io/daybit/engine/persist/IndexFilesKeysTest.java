package io.daybit.engine.persist;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.EngineConfig;
import io.daybit.engine.ingest.IngestResult;
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

import static io.daybit.engine.persist.PersistentEngineTest.micros;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every account id and order id the engine accepts comes back from the index files as it went in,
 * and two different ids stay two: ids with characters beyond the BMP, and ids with a lone surrogate
 * (which JSON's {@code \}{@code uD800} escape can carry, and which has no UTF-8 form).
 */
class IndexFilesKeysTest {
    private static final LocalDate DAY = LocalDate.of(2024, 3, 1);
    private static final List<String> IDS = List.of("plain", "kaffe ☕", "emoji 😀", "lone \uD800", "lone \uDBFF",
            "lone \uDC00 low", "lone ?", "reversed \uDE00\uD83D", "nul \u0000 inside");

    @TempDir
    Path dir;

    private static List<Event> orders(String suffix) {
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < IDS.size(); i++) {
            batch.add(new Order(IDS.get(i), micros("2024-03-01T10:00:00Z") + i, null, IDS.get(i) + suffix,
                    SalesChannel.WEB, null, true, List.of(new OrderLine("p1", 1, 10_000 + i, 0, false))));
        }
        return batch;
    }

    @Test
    void idsTheIndexFilesCannotEncodeAsUtf8StayDistinctAndComeBackAsTheyWentIn() {
        EngineConfig config = EngineConfig.persistent(dir).withExpectedSize(100, 100);
        try (Engine memory = Engine.inMemory()) {
            Dataset m = memory.createDataset("shop", DatasetSettings.defaults());
            List<Object> expected = new ArrayList<>();
            try (Engine disk = Engine.open(config)) {
                Dataset d = disk.createDataset("shop", DatasetSettings.defaults());
                for (String suffix : List.of("", "", "-2")) {
                    IngestResult want = m.ingest(orders(suffix));
                    assertEquals(want, d.ingest(orders(suffix)), "orders with ids ending in '" + suffix + "'");
                }
                expected.addAll(EngineAnswers.of(m, DAY, DAY.plusDays(3), 1));
                assertEquals(expected, EngineAnswers.of(d, DAY, DAY.plusDays(3), 1));
            }
            try (Engine disk = Engine.open(config)) {
                Dataset d = disk.createDataset("other", DatasetSettings.defaults());
                d.ingest(orders(""));
                assertEquals(expected, EngineAnswers.of(disk.dataset("shop"), DAY, DAY.plusDays(3), 1), "after a restart");
                assertEquals(m.ingest(orders("-2")), disk.dataset("shop").ingest(orders("-2")));
            }
        }
    }
}
