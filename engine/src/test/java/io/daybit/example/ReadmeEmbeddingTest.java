package io.daybit.example;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the README's "Embedding the engine" section true: its Java block is
 * {@link EmbeddingExample}'s source, which runs in a JVM started without any flag; its list of
 * Chronicle Map's flags is exactly what a persistent engine needs (it works with them, and fails
 * without any one of the required ones).
 */
class ReadmeEmbeddingTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path EXAMPLE = Path.of("src", "test", "java", "io", "daybit", "example",
            "EmbeddingExample.java");
    /** The README's marker lines before the example and before the flag list. */
    private static final String EXAMPLE_MARKER = "<!-- the file engine/src/test/java/io/daybit/example/EmbeddingExample.java -->";
    private static final String FLAGS_MARKER = "<!-- Chronicle Map's flags, checked by ReadmeEmbeddingTest -->";
    /** The flag that only silences a warning of Chronicle's; the others are required. */
    private static final String OPTIONAL_FLAG = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";

    @Test
    void theReadmesJavaBlockIsTheExampleSourceWithoutItsPackageLine() throws IOException {
        String source = Files.readString(EXAMPLE, StandardCharsets.UTF_8);
        String withoutPackage = source.substring(source.indexOf("\n\n") + 2);
        assertEquals(withoutPackage, block(EXAMPLE_MARKER, "```java"));
    }

    @Test
    void theExampleRunsInAJvmStartedWithoutAnyFlag() throws Exception {
        Result r = run(List.of(), EmbeddingExample.class.getName());
        assertEquals(0, r.exit, r.toString());
        assertEquals("", r.stderr, "nothing on stderr: no warning, no missing flag");
        assertEquals(List.of(
                "accepted 4",
                "rejected [Rejection[line=5, error=unknown service action 'teleport' (allowed: order_tracked, "
                        + "return_started, coupon_applied, help_clicked, chat_started)]]",
                "active accounts 1",
                "revenue 9800",
                "new accounts change null"), r.stdout.lines().toList());
    }

    @Test
    void aPersistentEngineNeedsExactlyTheFlagsTheReadmeLists(@TempDir Path dir) throws Exception {
        List<String> flags = block(FLAGS_MARKER, "```").lines().flatMap(l -> List.of(l.trim().split("\\s+")).stream())
                .filter(f -> !f.isEmpty()).toList();
        assertTrue(flags.contains(OPTIONAL_FLAG), flags.toString());
        Result all = run(flags, PersistentEmbeddingExample.class.getName(), dir.resolve("all").toString());
        assertEquals(0, all.exit, all.toString());
        assertEquals("events after reopening 2", all.stdout.strip());
        assertTrue(!all.stderr.contains("WARNING: Make sure"), "the listed flags leave no Chronicle warning: " + all);
        // each required flag left out in turn: opening the directory fails (in seconds, before any javac)
        for (int i = 0; i < flags.size(); i++) {
            String required = flags.get(i);
            if (required.equals(OPTIONAL_FLAG)) {
                continue;
            }
            List<String> fewer = new ArrayList<>(flags);
            fewer.remove(required);
            Result r = run(fewer, PersistentEmbeddingExample.class.getName(), dir.resolve("without-" + i).toString());
            assertNotEquals("events after reopening 2", r.stdout.strip(), "works without " + required + ": " + r);
        }
    }

    /** The text of the fenced block that follows {@code marker} in the README. */
    private static String block(String marker, String fence) throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int at = readme.indexOf(marker);
        assertTrue(at >= 0, "README.md lost its marker " + marker);
        int open = readme.indexOf(fence + "\n", at);
        int start = open + fence.length() + 1;
        int end = readme.indexOf("\n```", start);
        return readme.substring(start, end + 1);
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    /** Runs a main class of the test classpath in a new JVM with exactly {@code flags} (and no JAVA_TOOL_OPTIONS). */
    private static Result run(List<String> flags, String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        // Chronicle's banner and usage reporting off, as in every JVM of the build; not JVM flags
        command.add("-Dchronicle.analytics.disable=true");
        command.add("-Dchronicle.announcer.disable=true");
        command.add("-cp");
        command.add(classpath());
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("_JAVA_OPTIONS");
        Path out = Files.createTempFile("example", ".out");
        Path err = Files.createTempFile("example", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the example did not finish in 10 minutes");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The test classpath: surefire's, which its manifest-only jar hides from java.class.path. */
    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isEmpty()) {
            cp = System.getProperty("java.class.path");
        }
        List<String> entries = new ArrayList<>();
        for (String e : cp.split(File.pathSeparator)) {
            if (!e.contains("surefire")) {
                entries.add(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
