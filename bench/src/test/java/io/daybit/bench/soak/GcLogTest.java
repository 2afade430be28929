package io.daybit.bench.soak;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The heap after each collection is read from unified GC log lines; other lines are skipped. */
class GcLogTest {
    @Test
    void pausesGiveTheHeapAfterAndTheirTime(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("gc.log");
        Files.writeString(log, String.join("\n",
                "[2026-12-03T19:12:28.025+0000] Using G1",
                "[2026-12-03T19:12:35.050+0000] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 22M->5M(380M) 230.149ms",
                "[2026-12-03T19:12:36.000+0000] GC(1) Concurrent Mark Cycle",
                "[2026-12-03T19:12:37.500+0000] GC(2) Pause Full (System.gc()) 1G->512K(1G) 12.0ms", ""));
        List<GcLog.Collection> gcs = GcLog.read(log);
        assertEquals(2, gcs.size());
        assertEquals(Instant.parse("2026-12-03T19:12:35.050Z").toEpochMilli(), gcs.get(0).epochMillis());
        assertEquals(5L << 20, gcs.get(0).afterBytes());
        assertEquals("Pause Young (Normal) (G1 Evacuation Pause)", gcs.get(0).kind());
        assertEquals(512L << 10, gcs.get(1).afterBytes());
    }
}
