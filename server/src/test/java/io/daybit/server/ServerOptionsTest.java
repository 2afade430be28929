package io.daybit.server;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerOptionsTest {
    @Test
    void noFlagsMeansLoopbackPort7070WithTheDemo() throws Exception {
        ServerOptions o = ServerOptions.parse();
        assertEquals("127.0.0.1", o.host());
        assertEquals(7070, o.port());
        assertTrue(o.demo());
        assertNull(o.dataDir());
        assertNull(o.tokenFile());
        assertFalse(o.insecure());
    }

    @Test
    void everyFlagIsParsedInBothSpellings() throws Exception {
        ServerOptions o = ServerOptions.parse("--host", "::1", "--port=0", "--no-demo", "--data-dir", "/tmp/d",
                "--token-file=/tmp/t", "--insecure", "--expected-accounts", "2000000", "--max-body", "512k", "--cache-entries", "0", "--cache-size=1g",
                "--expected-orders=9000000", "--segment-size", "1m", "--snapshot-every=4m");
        assertEquals("::1", o.host());
        assertEquals(0, o.port());
        assertFalse(o.demo());
        assertEquals(Path.of("/tmp/d"), o.dataDir());
        assertEquals(Path.of("/tmp/t"), o.tokenFile());
        assertTrue(o.insecure());
        assertEquals(512 * 1024, o.maxBodyBytes());
        assertEquals(0, o.cacheEntries());
        assertEquals(1L << 30, o.cacheBytes());
        assertEquals(2_000_000, o.engineConfig().expectedAccounts());
        assertEquals(9_000_000, o.engineConfig().expectedOrders());
        assertEquals(Path.of("/tmp/d"), o.engineConfig().dataDir());
        assertEquals(1L << 20, o.engineConfig().segmentBytes());
        assertEquals(4L << 20, o.engineConfig().snapshotEveryLogBytes());
    }

    @Test
    void helpIsRecognisedAndListsEveryFlag() throws Exception {
        assertNull(ServerOptions.parse("--help"));
        for (String flag : new String[] {"--host", "--port", "--data-dir", "--no-demo", "--token-file", "--insecure",
            "--max-body", "--cache-entries", "--cache-size", "--expected-accounts", "--expected-orders", "--threads",
            "--max-queries", "--max-ingests", "--ingest-queue", "--segment-size", "--snapshot-every", "--help"}) {
            assertTrue(ServerOptions.USAGE.contains(flag), flag);
        }
    }

    @Test
    void capacityFlagsSetTheServersBoundsAndTheEnginesQueue() throws Exception {
        assertEquals(ServerOptions.Capacity.DEFAULT, ServerOptions.parse().capacity());
        ServerOptions o = ServerOptions.parse("--threads", "64", "--max-queries=40", "--max-ingests", "8",
                "--ingest-queue", "5000");
        assertEquals(64, o.capacity().threads());
        assertEquals(40, o.capacity().queries());
        assertEquals(8, o.capacity().ingests());
        assertEquals(5000, o.engineConfig().ingestQueue().events());
        assertEquals(16, ServerOptions.parse("--threads", "16").capacity().queries(),
                "fewer threads than queries at once lower the queries");
    }

    @Test
    void wrongFlagsAndValuesAreNamed() {
        assertMessage("--threads must be an integer 16-10000, got '4'", "--threads", "4");
        assertMessage("--max-queries must be an integer 1-200, got '201'", "--max-queries", "201");
        assertMessage("--ingest-queue must be an integer 1-", "--ingest-queue", "0");
        assertMessage("unknown option '--colour'", "--colour", "red");
        assertMessage("--port must be an integer 0-65535, got '70000'", "--port", "70000");
        assertMessage("--port must be an integer 0-65535, got 'x'", "--port=x");
        assertMessage("--port needs a value", "--port");
        assertMessage("--max-body must be a size", "--max-body", "lots");
        assertMessage("--expected-accounts must be an integer 1-2147483647, got '0'", "--expected-accounts", "0");
        assertMessage("--segment-size must be a size such as 1048576, 512k or 64m, at least 4096, got '1k'",
                "--segment-size", "1k");
    }

    private static void assertMessage(String part, String... args) {
        ServerOptions.UsageException e = assertThrows(ServerOptions.UsageException.class,
                () -> ServerOptions.parse(args));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
