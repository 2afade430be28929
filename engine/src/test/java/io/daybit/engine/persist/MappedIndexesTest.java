package io.daybit.engine.persist;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.DaybitException;
import io.daybit.engine.Engine;
import io.daybit.engine.EngineConfig;
import io.daybit.engine.analytics.Segment;
import io.daybit.engine.analytics.Stage;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.HubOpened;
import io.daybit.engine.model.Order;
import io.daybit.engine.model.OrderLine;
import io.daybit.engine.model.SalesChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.daybit.engine.persist.PersistentEngineTest.micros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The account dictionary and order-id index live in Chronicle Map files that a restart opens as they are. */
class MappedIndexesTest {
    private static final LocalDate DAY = LocalDate.of(2024, 3, 1);

    @TempDir
    Path dir;

    private EngineConfig config() {
        return EngineConfig.persistent(dir).withExpectedSize(1_000, 1_000);
    }

    private static Order order(String account, String orderId, int minute) {
        return new Order(account, micros("2024-03-01T10:00:00Z") + minute * 60_000_000L, null, orderId, SalesChannel.WEB,
                null, true, List.of(new OrderLine("p1", 1, 10_000, 0, false)));
    }

    private static List<Event> orders(String prefix, int from, int to) {
        List<Event> batch = new ArrayList<>();
        for (int i = from; i < to; i++) {
            batch.add(order("zebra-account-" + prefix + i, "zebra-order-" + prefix + i, i));
        }
        return batch;
    }

    private Path datasetDir() {
        return dir.resolve("datasets").resolve("shop");
    }

    @Test
    void snapshotsCarryNeitherAccountIdsNorOrderIdsWhichTheIndexFilesHold() throws IOException {
        try (Engine e = Engine.open(config())) {
            e.createDataset("shop", DatasetSettings.defaults()).ingest(orders("a", 0, 50));
        }
        List<Path> snapshots;
        try (Stream<Path> files = Files.list(datasetDir().resolve(DatasetJournal.SNAPSHOT_DIR))) {
            snapshots = files.toList();
        }
        assertFalse(snapshots.isEmpty(), "a clean stop writes a snapshot");
        for (Path s : snapshots) {
            assertFalse(contains(s, "zebra-account-a7"), s + " holds an account id");
            assertFalse(contains(s, "zebra-order-a7"), s + " holds an order id");
        }
        Path indexes = datasetDir().resolve(MappedIndexes.DIR);
        assertTrue(contains(indexes.resolve("accounts.cmap"), "zebra-account-a7"));
        int shard = Math.floorMod("zebra-order-a7".hashCode(), MappedIndexes.ORDER_SHARDS);
        assertTrue(contains(indexes.resolve("order-ids-" + shard + ".cmap"), "zebra-order-a7"));

        try (Engine e = Engine.open(config())) {
            Dataset d = e.dataset("shop");
            assertEquals(50, d.info().accounts());
            List<String> members = d.members(DAY, Segment.stage(Stage.ACTIVE), 100, null).accounts();
            assertEquals(50, members.size());
            assertTrue(members.contains("zebra-account-a7"), "names come back from the files: " + members);
            assertEquals(0, d.ingest(orders("a", 0, 50)).accepted(), "every order id is known after the restart");
            assertEquals(1, d.ingest(orders("a", 50, 51)).accepted());
            assertEquals(51, d.info().accounts());
        }
    }

    @Test
    void accountsAndOrdersOfRecordsTheDamagedLogLostAreForgottenNotDuplicates() throws IOException {
        try (Engine e = Engine.open(config())) {
            e.createDataset("shop", DatasetSettings.defaults()).ingest(orders("a", 0, 20));
        }
        try (Engine e = Engine.open(config())) {
            // applied, so in the index files; its record is damaged below and lost
            assertEquals(10, e.dataset("shop").ingest(orders("b", 0, 10)).accepted());
        }
        Path snapshots = datasetDir().resolve(DatasetJournal.SNAPSHOT_DIR);
        List<Path> both;
        try (Stream<Path> files = Files.list(snapshots)) {
            both = files.sorted().toList();
        }
        assertEquals(2, both.size(), "one snapshot per clean stop: " + both);
        Files.delete(both.get(1));
        Path segment = PersistentEngineTest.segments(dir, "shop").get(0);
        PersistentEngineTest.flipByte(segment, Files.size(segment) - 3);

        try (Engine e = Engine.open(config())) {
            Dataset d = e.dataset("shop");
            assertEquals(20, d.info().accounts(), "the lost record's accounts are not counted");
            assertEquals(10, d.ingest(orders("b", 0, 10)).accepted(), "the lost record's orders are not duplicates");
            assertEquals(0, d.ingest(orders("b", 0, 10)).accepted());
            assertEquals(30, d.info().accounts());
            assertEquals(30, d.members(DAY, Segment.stage(Stage.ACTIVE), 100, null).accounts().size());
        }
        try (Engine e = Engine.open(config())) {
            assertEquals(30, e.dataset("shop").info().accounts());
            assertEquals(0, e.dataset("shop").ingest(orders("b", 0, 10)).accepted());
        }
    }

    @Test
    void aLostAccountDictionaryStopsLoadingWithAMessageNamingIt() throws IOException {
        try (Engine e = Engine.open(config())) {
            e.createDataset("shop", DatasetSettings.defaults()).ingest(orders("a", 0, 20));
        }
        Files.delete(datasetDir().resolve(MappedIndexes.DIR).resolve("accounts.cmap"));
        DaybitException x = assertThrows(DaybitException.class, () -> Engine.open(config()));
        assertTrue(x.getMessage().contains("shop") && x.getMessage().contains("account dictionary"), x.getMessage());
    }

    @Test
    void indexFilesLeftOpenByACrashAreRecoveredAndAgreeWithTheLog() throws IOException {
        try (Engine e = Engine.open(config())) {
            Dataset d = e.createDataset("shop", DatasetSettings.defaults());
            d.ingest(orders("a", 0, 20));
            d.ingest(List.of(new HubOpened("zebra-account-a3", micros("2024-03-01T12:00:00Z"), null)));
        }
        // what a kill leaves: no marker of a clean close, and the snapshot a clean stop writes missing
        Files.delete(datasetDir().resolve(MappedIndexes.DIR).resolve("closed"));
        PersistentEngineTest.killedBeforeAnySnapshot(dir, "shop");
        try (Engine e = Engine.open(config())) {
            Dataset d = e.dataset("shop");
            assertEquals(20, d.info().accounts());
            assertEquals(21, d.info().events());
            assertEquals(0, d.ingest(orders("a", 0, 20)).accepted());
        }
    }

    @Test
    void indexFilesLeftOpenInTheMiddleOfAnOperationAreRecovered() throws IOException {
        try (Engine e = Engine.open(config())) {
            Dataset d = e.createDataset("shop", DatasetSettings.defaults());
            d.ingest(orders("a", 0, 20));
        }
        Path indexes = datasetDir().resolve(MappedIndexes.DIR);
        Files.delete(indexes.resolve("closed"));
        int maps = MappedIndexes.FIRST_ORDER_SHARD + MappedIndexes.ORDER_SHARDS;
        try (IndexActivity activity = IndexActivity.open(indexes.resolve("activity"), maps)) {
            activity.enter(MappedIndexes.ACCOUNT_IDS);
            activity.enter(MappedIndexes.FIRST_ORDER_SHARD + 3);
        }
        boolean[] inOperation = IndexActivity.leftInOperation(indexes.resolve("activity"), maps);
        assertTrue(inOperation[MappedIndexes.ACCOUNT_IDS] && inOperation[MappedIndexes.FIRST_ORDER_SHARD + 3]);
        assertFalse(inOperation[MappedIndexes.ACCOUNT_NAMES]);
        try (Engine e = Engine.open(config())) {
            Dataset d = e.dataset("shop");
            assertEquals(20, d.info().accounts());
            assertEquals(0, d.ingest(orders("a", 0, 20)).accepted());
            assertEquals(5, d.ingest(orders("c", 0, 5)).accepted());
        }
        assertArrayEquals(new boolean[maps], IndexActivity.leftInOperation(indexes.resolve("activity"), maps),
                "nothing left in progress");
    }

    @Test
    void theActivityFileTellsAnOperationInProgressAndAnotherBootFromAStopBetweenOperations() throws IOException {
        Path file = dir.resolve("activity");
        boolean[] none = {false, false, false};
        boolean[] all = {true, true, true};
        assertArrayEquals(all, IndexActivity.leftInOperation(file, 3), "no file: nothing is known");
        try (IndexActivity a = IndexActivity.open(file, 3)) {
            a.started();
            assertArrayEquals(none, IndexActivity.leftInOperation(file, 3));
            a.enter(1);
            a.enter(1);
            a.exit(1);
            assertArrayEquals(new boolean[]{false, true, false}, IndexActivity.leftInOperation(file, 3));
            a.exit(1);
            assertArrayEquals(none, IndexActivity.leftInOperation(file, 3));
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[6] ^= 0x01; // a character of the boot id: the files were left open before a system restart
        Files.write(file, bytes);
        assertArrayEquals(all, IndexActivity.leftInOperation(file, 3));
    }

    @Test
    void indexFilesWhoseCreationACrashCutShortAreMadeAnewFromTheLog() throws IOException {
        try (Engine e = Engine.open(config())) {
            Dataset d = e.createDataset("shop", DatasetSettings.defaults());
            d.ingest(orders("a", 0, 20));
        }
        PersistentEngineTest.killedBeforeAnySnapshot(dir, "shop");
        Path indexes = datasetDir().resolve(MappedIndexes.DIR);
        Files.delete(indexes.resolve("closed"));
        Files.delete(indexes.resolve("complete"));
        Files.write(indexes.resolve("accounts.cmap"), new byte[100]);
        try (Engine e = Engine.open(config())) {
            Dataset d = e.dataset("shop");
            assertEquals(20, d.info().accounts());
            assertEquals(0, d.ingest(orders("a", 0, 20)).accepted());
            assertTrue(d.members(DAY, Segment.stage(Stage.ACTIVE), 100, null).accounts().contains("zebra-account-a3"));
        }
    }

    private static boolean contains(Path file, String text) throws IOException {
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        return bytes.contains(text);
    }
}
