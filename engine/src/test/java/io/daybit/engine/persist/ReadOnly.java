package io.daybit.engine.persist;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Makes a directory read-only for this process for the duration of a test. Permissions stop an
 * ordinary user; root ignores them, so as root the directory is made immutable with
 * {@code chattr +i} instead, and when that is not possible either the test is skipped, saying why.
 */
final class ReadOnly implements AutoCloseable {
    private final Path dir;
    private final boolean immutable;
    private final Set<PosixFilePermission> before;

    private ReadOnly(Path dir, boolean immutable, Set<PosixFilePermission> before) {
        this.dir = dir;
        this.immutable = immutable;
        this.before = before;
    }

    static ReadOnly make(Path dir) throws IOException {
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(dir);
        Set<PosixFilePermission> readOnly = EnumSet.copyOf(before);
        readOnly.removeAll(EnumSet.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_WRITE));
        Files.setPosixFilePermissions(dir, readOnly);
        if (!canCreateIn(dir)) {
            return new ReadOnly(dir, false, before);
        }
        Files.setPosixFilePermissions(dir, before);
        // root: permissions do not apply
        boolean immutable = run("chattr", "+i", dir.toString()) && !canCreateIn(dir);
        if (!immutable) {
            run("chattr", "-i", dir.toString());
        }
        Assumptions.assumeTrue(immutable, "cannot make " + dir + " read-only: running as root, where permissions "
                + "do not apply, and chattr +i is not available");
        return new ReadOnly(dir, true, before);
    }

    /** Whether the directory still refuses new files. */
    boolean isReadOnly() {
        return !canCreateIn(dir);
    }

    private static boolean canCreateIn(Path dir) {
        Path probe = dir.resolve("probe-" + System.nanoTime());
        try {
            Files.createFile(probe);
            Files.delete(probe);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        if (immutable) {
            run("chattr", "-i", dir.toString());
        } else {
            Files.setPosixFilePermissions(dir, before);
        }
    }
}
