package io.daybit.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The dashboard page in a real browser: Debian's chromium, driven by playwright-core from
 * {@code src/test/browser/dashboard.test.mjs}, against real servers started here (the demo
 * dataset and an empty one; a server with a token file). The script compares every number the
 * page shows with the API's answer to the URL the page asked. Missing chromium, node or
 * playwright-core fail the test (they are installed by {@code .ci/run}); they never skip it.
 */
class DashboardBrowserTest {
    private static final Path SCRIPT_DIR = Path.of("src/test/browser");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final String READER = "dashboard-reader-token-0123456789";
    private static final String ADMIN = "dashboard-admin-token-0123456789";
    private static final long TIMEOUT_MINUTES = 6;

    @TempDir
    static Path dir;
    private static TestServer demo;
    private static TestServer guarded;

    @BeforeAll
    static void startServers() throws IOException, InterruptedException {
        ServerOptions d = TestServer.options();
        demo = new TestServer(new ServerOptions(d.host(), 0, null, true, null, false, d.maxBodyBytes(),
                d.cacheEntries(), d.cacheBytes()));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!demo.server.ready()) {
            if (System.nanoTime() > deadline) {
                fail("the demo dataset did not load within 2 minutes");
            }
            Thread.sleep(100);
        }
        assertEquals(201, demo.post("/api/v1/datasets", "application/json",
                "{\"name\":\"empty\",\"currency\":\"EUR\"}").status());

        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, READER + " shop read\n" + ADMIN + " * admin\n", StandardCharsets.UTF_8);
        guarded = new TestServer(new ServerOptions(d.host(), 0, null, false, tokens, false, d.maxBodyBytes(),
                d.cacheEntries(), d.cacheBytes()));
        guarded.token(ADMIN);
        assertEquals(201, guarded.post("/api/v1/datasets", "application/json",
                "{\"name\":\"shop\",\"currency\":\"EUR\",\"timezone\":\"Europe/Berlin\"}").status());
        LocalDate last = LocalDate.now();
        TestServer.Answer ingest = guarded.post("/api/v1/datasets/shop/events", "application/x-ndjson",
                TestEvents.ndjson(7, 40, last.minusDays(60), last));
        assertEquals(200, ingest.status(), ingest.body());
        guarded.token(null);
    }

    @AfterAll
    static void stopServers() {
        if (guarded != null) {
            guarded.close();
        }
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void everyPanelShowsTheApisNumbersAndFollowsEveryChoiceInChromium() throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: apt-get install -y chromium (.ci/run does)");
        assertTrue(Files.isDirectory(SCRIPT_DIR.resolve("node_modules/playwright-core")),
                "playwright-core is missing: run npm ci in server/" + SCRIPT_DIR + " (.ci/run does)");
        Path log = dir.resolve("browser-tests.log");
        List<String> command = new ArrayList<>(List.of("node", "--test-reporter=spec", "dashboard.test.mjs"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(SCRIPT_DIR.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("DAYBIT_URL", demo.server.url());
        env.put("DAYBIT_TOKEN_URL", guarded.server.url());
        env.put("DAYBIT_TOKEN", READER);
        env.put("CHROMIUM", CHROMIUM.toString());
        Process node;
        try {
            node = pb.start();
        } catch (IOException e) {
            throw new AssertionError("node is missing (the browser tests run on node with playwright-core)", e);
        }
        if (!node.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            node.destroyForcibly();
            fail("the browser tests did not finish within " + TIMEOUT_MINUTES + " minutes:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        assertEquals(0, node.exitValue(), "the browser tests failed:\n" + output);
        Matcher passed = Pattern.compile("(?m)^\\S+ pass (\\d+)$").matcher(output);
        assertTrue(passed.find() && Integer.parseInt(passed.group(1)) >= 10 && output.contains(" fail 0")
                && output.contains(" skipped 0"), "every browser test must run and pass:\n" + output);
        System.out.println("browser tests: " + passed.group(1) + " passed in chromium");
    }
}
