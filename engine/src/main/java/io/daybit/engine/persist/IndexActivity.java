package io.daybit.engine.persist;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Counts the operations in progress on a dataset's index files, in a small memory-mapped file of
 * its own, so that a start after a crash knows whether it must run Chronicle Map's recovery.
 *
 * <p>Chronicle Map keeps its segment locks in the mapped files: a process killed inside a get or a
 * put leaves a lock that no one releases, and only recovery (which rereads every entry, ~12 s for
 * four million order ids) clears it. A process killed between operations leaves files that open
 * as they are. The count lives in the page cache, which a killed process does not take with it, so
 * it says which case it was; a crash of the machine can lose the page cache, so the count is
 * trusted only when the system has not restarted since (Linux's boot id).
 */
final class IndexActivity implements AutoCloseable {
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final int BOOT_ID_BYTES = 64;
    private static final int SIZE = 8 + 4 + BOOT_ID_BYTES;
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    private final FileChannel channel;
    private final MappedByteBuffer state;

    private IndexActivity(FileChannel channel, MappedByteBuffer state) {
        this.channel = channel;
        this.state = state;
    }

    /**
     * Whether files left open by a process that is gone can be opened without recovery: its
     * activity file says no operation was in progress, written since this system booted.
     */
    static boolean stoppedBetweenOperations(Path file) throws IOException {
        String boot = systemBootId();
        if (boot == null || !Files.exists(file) || Files.size(file) != SIZE) {
            return false;
        }
        try (IndexActivity a = open(file)) {
            return a.inProgress() == 0 && boot.equals(a.bootId());
        }
    }

    /** Opens (or creates) the activity file; {@link #started} then marks it as this process's. */
    static IndexActivity open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            MappedByteBuffer state = ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
            return new IndexActivity(ch, state);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Records that this process, since this boot, now has the index files open with nothing in progress. */
    void started() {
        String boot = systemBootId();
        byte[] id = (boot == null ? "" : boot).getBytes(StandardCharsets.US_ASCII);
        int n = Math.min(id.length, BOOT_ID_BYTES);
        state.putInt(8, n);
        state.put(12, id, 0, n);
        LONG.setVolatile(state, 0, 0L);
    }

    /** Before an operation on the index files. */
    void enter() {
        LONG.getAndAdd(state, 0, 1L);
    }

    /** After it, also when it failed. */
    void exit() {
        LONG.getAndAdd(state, 0, -1L);
    }

    private long inProgress() {
        return (long) LONG.getVolatile(state, 0);
    }

    private String bootId() {
        int n = state.getInt(8);
        if (n <= 0 || n > BOOT_ID_BYTES) {
            return null;
        }
        byte[] id = new byte[n];
        state.get(12, id, 0, n);
        return new String(id, StandardCharsets.US_ASCII);
    }

    /** This system's boot id, or null where there is none (not Linux): then every crash recovers. */
    private static String systemBootId() {
        try {
            return Files.readString(BOOT_ID, StandardCharsets.US_ASCII).strip();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
