package io.daybit.engine.persist;

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
 * {@code chattr +i} instead, or (on a file system without that flag, such as an older tmpfs) mounted
 * read-only onto itself with a bind mount. When none of these works the test fails
 * ({@link MountsRequired}).
 */
final class ReadOnly implements AutoCloseable {
    /** How the directory was made read-only, and so how to undo it. */
    private enum How { PERMISSIONS, IMMUTABLE, BIND_MOUNT }

    private final Path dir;
    private final How how;
    private final Set<PosixFilePermission> before;

    private ReadOnly(Path dir, How how, Set<PosixFilePermission> before) {
        this.dir = dir;
        this.how = how;
        this.before = before;
    }

    static ReadOnly make(Path dir) throws IOException {
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(dir);
        Set<PosixFilePermission> readOnly = EnumSet.copyOf(before);
        readOnly.removeAll(EnumSet.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_WRITE));
        Files.setPosixFilePermissions(dir, readOnly);
        if (!canCreateIn(dir)) {
            return new ReadOnly(dir, How.PERMISSIONS, before);
        }
        Files.setPosixFilePermissions(dir, before);
        // root: permissions do not apply
        if (run("chattr", "+i", dir.toString()) && !canCreateIn(dir)) {
            return new ReadOnly(dir, How.IMMUTABLE, before);
        }
        run("chattr", "-i", dir.toString());
        String path = dir.toString();
        if (run("mount", "--bind", path, path)) {
            if (run("mount", "-o", "remount,bind,ro", path, path) && !canCreateIn(dir)) {
                return new ReadOnly(dir, How.BIND_MOUNT, before);
            }
            run("umount", path);
        }
        MountsRequired.cannotSetUp("cannot make " + dir + " read-only: running as root, where permissions do not "
                + "apply, and neither chattr +i nor a read-only bind mount works here");
        throw new AssertionError("unreachable");
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
        switch (how) {
            case IMMUTABLE -> run("chattr", "-i", dir.toString());
            case BIND_MOUNT -> run("umount", dir.toString());
            default -> Files.setPosixFilePermissions(dir, before);
        }
    }
}
