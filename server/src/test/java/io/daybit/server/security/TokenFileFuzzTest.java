package io.daybit.server.security;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.daybit.server.error.HttpProblem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the token file parser with any bytes. The file is either refused with an
 * {@link IllegalArgumentException} whose message names the file (and, for a bad line, its
 * number) and never contains a token of the file; or accepted, and then every grant line works:
 * its token authenticates and holds its role on its dataset, while a token not in the file is
 * refused with 401. Any other exception stops the server with a message that helps nobody: a
 * finding.
 *
 * <p>Runs the committed inputs in {@code TokenFileFuzzTestInputs/} as a plain test; with
 * {@code JAZZER_FUZZ=1} (the {@code fuzz} Maven profile, which CI uses) it fuzzes for a bounded time.
 */
class TokenFileFuzzTest {
    private static final Pattern TOKEN_LIKE = Pattern.compile("[\\x21-\\x7e]{16,512}");
    private static final Path FILE;

    static {
        try {
            Path dir = Files.createTempDirectory("daybit-token-fuzz");
            dir.toFile().deleteOnExit();
            FILE = dir.resolve("tokens");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void aTokenFileIsRefusedNamingTheLineButNoTokenOrEveryGrantWorks(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        AccessControl access;
        try {
            access = AccessControl.fromFile(FILE);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            assertTrue(message != null && message.contains(FILE.toString()), () -> "names the file: " + message);
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("[\\r\\n]")) {
                String[] fields = line.strip().split("\\s+");
                if (TOKEN_LIKE.matcher(fields[0]).matches()) {
                    assertFalse(message.contains(fields[0]), "a token never appears in a message");
                }
            }
            return;
        }
        assertTrue(access.enabled());
        String text = new String(bytes, StandardCharsets.UTF_8);
        for (String raw : text.split("\r\n|\r|\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            assertEquals(3, f.length, "an accepted line has three fields: " + line);
            AccessControl.Caller caller = access.authenticate("Bearer " + f[0]);
            Role role = Role.fromWire(f[2]);
            String dataset = f[1].equals(AccessControl.ANY_DATASET) ? "any-dataset" : f[1];
            assertTrue(caller.may(dataset, role), () -> "the grant of line '" + line + "' holds");
        }
        HttpProblem refused = assertThrows(HttpProblem.class, () -> access.authenticate("Bearer " + "\u007f".repeat(3)));
        assertEquals(401, refused.status());
    }
}
