package io.daybit.datagen.cli;

import io.daybit.datagen.Main;
import io.daybit.datagen.gen.Generator;
import io.daybit.datagen.gen.ProgressListener;
import io.daybit.datagen.io.FakeDaybitServer;
import io.daybit.datagen.profile.GeneratorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void writesTheLibrarysBytesGzipped(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("events.ndjson.gz");
        int code = run("--accounts", "800", "--days", "20", "--end", "2024-03-31", "--seed", "4", "--timezone",
                "Asia/Tokyo", "--invalid-share", "0.02", "--late-share", "0.1", "--stores", "Shibuya, Umeda",
                "--store-share", "0.5", "--threads", "3", "--out", file.toString());
        assertEquals(0, code, err.toString());
        assertTrue(err.toString().contains("wrote "), err.toString());
        GeneratorConfig config = GeneratorConfig.demo().toBuilder().accounts(800).days(20).end(LocalDate.of(2024, 3, 31))
                .seed(4).timezone(ZoneId.of("Asia/Tokyo")).invalidShare(0.02).lateShare(0.1)
                .stores(List.of("Shibuya", "Umeda")).storeShare(0.5).build();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        new Generator(config).writeNdjson(expected, 1, ProgressListener.NONE);
        byte[] written;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            written = in.readAllBytes();
        }
        assertArrayEquals(expected.toByteArray(), written);
        assertTrue(new String(written, java.nio.charset.StandardCharsets.UTF_8).contains("\"store\":\"Umeda\""));
    }

    @Test
    void quietRunsSayNothing(@TempDir Path dir) {
        assertEquals(0, run("--accounts", "50", "--days", "3", "-q", "-o", dir.resolve("x.ndjson").toString()));
        assertEquals("", err.toString());
        assertTrue(Files.exists(dir.resolve("x.ndjson")));
    }

    @Test
    void helpListsTheOptions() {
        assertEquals(0, run("--help"));
        for (String option : List.of("--accounts", "--days", "--end", "--seed", "--timezone", "--out", "--rate-order",
                "--stores", "--late-share", "--invalid-share", "--target", "--dataset", "--rate", "--concurrency")) {
            assertTrue(out.toString().contains(option), option);
        }
    }

    @Test
    void badOptionsExitWithTwoAndSayWhy() {
        assertEquals(2, run("--days", "0"));
        assertTrue(err.toString().contains("days must be 1-36500"), err.toString());
        assertEquals(2, run("--profile", "huge"));
        assertTrue(err.toString().contains("unknown profile 'huge'"), err.toString());
        assertEquals(2, run("--end", "2025-13-01"));
        assertTrue(err.toString().contains("end must be a day"), err.toString());
        assertEquals(2, run("--timezone", "Mars/Base"));
        assertTrue(err.toString().contains("unknown timezone 'Mars/Base'"), err.toString());
        assertEquals(2, run("--late-share", "1.5"));
        assertTrue(err.toString().contains("late share must be 0-1"), err.toString());
        assertEquals(2, run("--accounts", "many"));
        assertTrue(err.toString().contains("--accounts"), err.toString());
        assertEquals(2, run("--target", "http://127.0.0.1:1"));
        assertTrue(err.toString().contains("--target needs --dataset"), err.toString());
        assertEquals(2, run("--target", "http://127.0.0.1:1", "--dataset", "Bad Name"));
        assertTrue(err.toString().contains("dataset name 'Bad Name'"), err.toString());
    }

    @Test
    void postsToAServerAndReports() throws IOException {
        try (FakeDaybitServer server = new FakeDaybitServer()) {
            int code = run("--accounts", "600", "--days", "20", "--invalid-share", "0.01", "--target",
                    server.uri().toString(), "--dataset", "load", "--batch-size", "250", "--concurrency", "3", "-q");
            assertEquals(0, code, err.toString() + out);
            String report = out.toString();
            assertTrue(report.contains("accepted " + String.format(java.util.Locale.ROOT, "%,d", server.applied())), report);
            assertTrue(report.contains("latency p50"), report);
            assertTrue(server.applied() > 1000);
        }
    }
}
