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
import java.util.Arrays;

/**
 * Counts the operations in progress on a dataset's index files, in a small memory-mapped file of
 * its own, so that a start after a crash knows whether it must run Chronicle Map's recovery.
 *
 * <p>Chronicle Map keeps its segment locks in the mapped files: a process killed inside a get or a
 * put leaves a lock that no one releases, and only recovery (which rereads every entry, ~12 s for
 * four million order ids) clears it. A process killed between operations leaves files that open
 * as they are. There is one count per map, so that only the maps a process died operating on are
 * recovered. The counts live in the page cache, which a killed process does not take with it; a
 * crash of the machine can lose the page cache, so they are trusted only when the system has not
 * restarted since (Linux's boot id).
 */
final class IndexActivity implements AutoCloseable {
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final int BOOT_ID_BYTES = 64;
    /** Boot id length, boot id, then one count per map, 8-byte aligned. */
    private static final int SLOTS_AT = 4 + BOOT_ID_BYTES + 4;
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    private final FileChannel channel;
    private final MappedByteBuffer state;

    private IndexActivity(FileChannel channel, MappedByteBuffer state) {
        this.channel = channel;
        this.state = state;
    }

    /**
     * For files left open by a process that is gone, which of the {@code maps} it was operating on
     * when it died: those need recovery. All of them when the activity file is missing or was
     * written before this system booted.
     */
    static boolean[] leftInOperation(Path file, int maps) throws IOException {
        boolean[] inOperation = new boolean[maps];
        Arrays.fill(inOperation, true);
        String boot = systemBootId();
        if (boot == null || !Files.exists(file) || Files.size(file) != size(maps)) {
            return inOperation;
        }
        try (IndexActivity a = open(file, maps)) {
            if (boot.equals(a.bootId())) {
                for (int m = 0; m < maps; m++) {
                    inOperation[m] = (long) LONG.getVolatile(a.state, SLOTS_AT + 8 * m) != 0;
                }
            }
        }
        return inOperation;
    }

    private static int size(int maps) {
        return SLOTS_AT + 8 * maps;
    }

    /** Opens (or creates) the activity file; {@link #started} then marks it as this process's. */
    static IndexActivity open(Path file, int maps) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            if (ch.size() != size(maps)) {
                ch.truncate(0);
            }
            return new IndexActivity(ch, ch.map(FileChannel.MapMode.READ_WRITE, 0, size(maps)));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Records that this process, since this boot, now has the index files open with nothing in progress. */
    void started() {
        for (int at = SLOTS_AT; at < state.capacity(); at += 8) {
            LONG.setVolatile(state, at, 0L);
        }
        String boot = systemBootId();
        byte[] id = (boot == null ? "" : boot).getBytes(StandardCharsets.US_ASCII);
        int n = Math.min(id.length, BOOT_ID_BYTES);
        state.put(4, id, 0, n);
        state.putInt(0, n);
    }

    /** Before an operation on map {@code map}. */
    void enter(int map) {
        LONG.getAndAdd(state, SLOTS_AT + 8 * map, 1L);
    }

    /** After it, also when it failed. */
    void exit(int map) {
        LONG.getAndAdd(state, SLOTS_AT + 8 * map, -1L);
    }

    private String bootId() {
        int n = state.getInt(0);
        if (n <= 0 || n > BOOT_ID_BYTES) {
            return null;
        }
        byte[] id = new byte[n];
        state.get(4, id, 0, n);
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
