package io.daybit.engine.ingest;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChangeLogTest {
    private final Engine engine = Engine.inMemory();
    private final Dataset shop = engine.createDataset("shop", DatasetSettings.defaults());

    @AfterEach
    void close() {
        engine.close();
    }

    private void ingest(String ndjson) {
        shop.ingestNdjson(ndjson.getBytes(StandardCharsets.UTF_8), null);
    }

    private static int day(String iso) {
        return (int) LocalDate.parse(iso).toEpochDay();
    }

    @Test
    void aBatchRecordsTheEarliestDayOfItsAcceptedEvents() {
        ChangeLog log = shop.changes();
        long v0 = log.version();
        ingest("{\"type\":\"hub_opened\",\"account\":\"a\",\"ts\":\"2025-03-05T10:00:00Z\"}\n"
                + "{\"type\":\"hub_opened\",\"account\":\"b\",\"ts\":\"2025-03-02T10:00:00Z\"}\n"
                + "{\"type\":\"hub_opened\",\"account\":\"c\",\"ts\":\"not a time\"}\n");
        assertEquals(v0 + 1, log.version());
        assertEquals(day("2025-03-02"), log.earliestDayChangedSince(v0));
        assertEquals(ChangeLog.NO_CHANGE, log.earliestDayChangedSince(log.version()));
        assertFalse(log.accountStateChangedSince(v0));
        assertTrue(log.unchangedSince(v0, day("2025-03-01"), true));
        assertFalse(log.unchangedSince(v0, day("2025-03-02"), false));
    }

    @Test
    void aBatchWithNothingAcceptedIsNoChange() {
        ChangeLog log = shop.changes();
        long v0 = log.version();
        ingest("{\"type\":\"hub_opened\",\"account\":\"c\",\"ts\":\"not a time\"}\n");
        assertEquals(v0, log.version());
        assertTrue(log.unchangedSince(v0, Integer.MAX_VALUE - 1, true));
    }

    @Test
    void consentContactAndCreationChangeAccountStateWhateverTheirDay() {
        ChangeLog log = shop.changes();
        long v0 = log.version();
        ingest("{\"type\":\"consent\",\"account\":\"a\",\"ts\":\"2030-01-01T00:00:00Z\",\"channel\":\"sms\","
                + "\"granted\":true}\n");
        assertTrue(log.accountStateChangedSince(v0));
        assertTrue(log.unchangedSince(v0, day("2025-03-01"), false));
        assertFalse(log.unchangedSince(v0, day("2025-03-01"), true));
        long v1 = log.version();
        ingest("{\"type\":\"service\",\"account\":\"a\",\"ts\":\"2030-01-01T00:00:00Z\",\"action\":\"chat_started\"}\n");
        assertFalse(log.accountStateChangedSince(v1));
        assertTrue(log.accountStateChangedSince(v0));
    }

    @Test
    void anAnswerOlderThanTheLogIsStale() {
        ChangeLog log = new ChangeLog();
        for (int i = 0; i < ChangeLog.CAPACITY + 1; i++) {
            log.record(1000 + i, false);
        }
        assertEquals(ChangeLog.UNKNOWN, log.earliestDayChangedSince(0));
        assertFalse(log.unchangedSince(0, 0, false));
        assertEquals(1000 + ChangeLog.CAPACITY, log.earliestDayChangedSince(ChangeLog.CAPACITY));
    }
}
