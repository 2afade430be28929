package io.daybit.engine.persist;

import io.daybit.engine.DaybitException;
import io.daybit.engine.EngineConfig;
import io.daybit.engine.store.AccountDictionary;
import io.daybit.engine.store.KeyIndexes;
import io.daybit.engine.store.OrderIdIndex;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A dataset's account dictionary and order-id index, kept off the heap in Chronicle Map files in
 * its directory, so that a restart opens them instead of reloading them.
 *
 * <pre>
 * NAME/indexes/accounts.cmap        external account id → dense id
 *              account-names.cmap   dense id → external account id
 *              order-ids.cmap       order id → order row
 *              closed               present only while no process has the files open
 * </pre>
 *
 * <p><b>Crash safety.</b> A batch's new entries are written while it is prepared, just before its
 * log record (a full disk then refuses the batch before anything of it is stored: see
 * {@code DatasetStore.reserveKeys}), and removed again if the batch is not applied; the maps may
 * thus run ahead of the log, never behind it. The account count kept with each view (and in each
 * snapshot), not the map's size, says which ids exist. The files are forced to disk before each
 * snapshot ({@link #force}), so they hold at least what the newest snapshot counts. Entries written
 * after it are re-derived when the log tail is replayed: dense ids follow first appearance, so a
 * replay assigns the same ids (see {@link MappedAccountDictionary#idOf}). Entries of records that a
 * damaged log lost are removed once loading ends ({@code afterLoad}), and the files forced, since
 * the next new accounts take those ids. A process that died with the files open leaves no
 * {@code closed} marker: the files are then opened with Chronicle Map's recovery, which checks
 * every entry's checksum and releases locks the dead process held; when no snapshot counts on
 * them yet, they are created afresh instead (the whole log is replayed into them), which also
 * undoes a crash while they were being created. A new dataset's files are created, and closed,
 * before its directory is renamed into place. They are forced before the marker is written.
 *
 * <p>The files are closed under the dataset's write lock, so no query is reading them then: a
 * Chronicle Map closed under a reader fails it, or crashes the JVM once unmapped.
 *
 * <p>A read-only data directory is served from copies of the files in a temporary directory, so
 * that loading (which replays the log tail into them) writes nothing in the data directory.
 */
public final class MappedIndexes implements KeyIndexes, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MappedIndexes.class.getName());
    static final String DIR = "indexes";
    private static final String ACCOUNTS = "accounts.cmap";
    private static final String NAMES = "account-names.cmap";
    private static final String ORDERS = "order-ids.cmap";
    private static final String CLOSED = "closed";

    private final Path dir;
    private final boolean temporary;
    private final ChronicleMap<CharSequence, Integer> accountIds;
    private final ChronicleMap<Integer, CharSequence> accountNames;
    private final ChronicleMap<CharSequence, Integer> orderRows;
    private boolean closed;

    private MappedIndexes(Path dir, boolean temporary, ChronicleMap<CharSequence, Integer> accountIds,
                          ChronicleMap<Integer, CharSequence> accountNames, ChronicleMap<CharSequence, Integer> orderRows) {
        this.dir = dir;
        this.temporary = temporary;
        this.accountIds = accountIds;
        this.accountNames = accountNames;
        this.orderRows = orderRows;
    }

    /**
     * Opens (or creates) the index files of the dataset stored in {@code datasetDir}.
     *
     * @param writable false for a read-only data directory: copies are opened instead
     * @throws DaybitException when the files cannot be opened
     */
    static MappedIndexes open(String dataset, Path datasetDir, EngineConfig config, boolean writable) {
        Path home = datasetDir.resolve(DIR);
        Path dir = home;
        ChronicleMap<CharSequence, Integer> ids = null;
        ChronicleMap<Integer, CharSequence> names = null;
        ChronicleMap<CharSequence, Integer> rows = null;
        try {
            if (writable) {
                Files.createDirectories(home);
                Fsync.directory(datasetDir);
            } else {
                dir = copyToTemporary(home);
            }
            if (!Files.exists(dir.resolve(CLOSED))
                    && DatasetJournal.snapshotLsns(datasetDir.resolve(DatasetJournal.SNAPSHOT_DIR)).isEmpty()) {
                // files a crash left open, on which no snapshot counts: loading replays the whole log
                // from the first id, so they may start empty. This also undoes a crash while they
                // were being created, which leaves some missing, or empty, or never marked ready (a
                // minute's wait).
                deleteFiles(dir);
            }
            boolean recover = Files.exists(dir.resolve(ACCOUNTS)) && !Files.exists(dir.resolve(CLOSED));
            if (recover) {
                LOG.log(Level.INFO, "dataset ''{0}'': its index files were not closed (a crash); recovering them",
                        dataset);
            }
            // the marker goes before the first write, so that a crash from now on is seen as one
            Files.deleteIfExists(dir.resolve(CLOSED));
            Fsync.directory(dir);
            long accounts = config.expectedAccounts();
            long orders = config.expectedOrders();
            ids = open(ChronicleMap.of(CharSequence.class, Integer.class)
                    .name(dataset + "-accounts").entries(accounts).averageKeySize(16), dir.resolve(ACCOUNTS), recover);
            names = open(ChronicleMap.of(Integer.class, CharSequence.class)
                    .name(dataset + "-account-names").entries(accounts).averageValueSize(16),
                    dir.resolve(NAMES), recover);
            rows = open(ChronicleMap.of(CharSequence.class, Integer.class)
                    .name(dataset + "-order-ids").entries(orders).averageKeySize(20), dir.resolve(ORDERS), recover);
            // new files' entries in the directory survive a power cut
            Fsync.directory(dir);
            return new MappedIndexes(dir, !writable, ids, names, rows);
        } catch (IOException | RuntimeException e) {
            // a failed load leaves nothing open, and no temporary copy behind
            closeQuietly(ids, e);
            closeQuietly(names, e);
            closeQuietly(rows, e);
            if (!writable && !dir.equals(home)) {
                try {
                    deleteAll(dir);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            if (e instanceof DaybitException d) {
                throw d;
            }
            throw new DaybitException("dataset '" + dataset + "': cannot open its index files in " + dir + ": " + e, e);
        }
    }

    private static void closeQuietly(ChronicleMap<?, ?> map, Exception failure) {
        if (map != null) {
            try {
                map.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** Deletes the index files (and the marker) in {@code dir}, if any. */
    private static void deleteFiles(Path dir) throws IOException {
        boolean any = false;
        for (String name : new String[]{ACCOUNTS, NAMES, ORDERS, CLOSED}) {
            any |= Files.deleteIfExists(dir.resolve(name));
        }
        if (any) {
            Fsync.directory(dir);
        }
    }

    private static <K, V> ChronicleMap<K, V> open(ChronicleMapBuilder<K, V> builder, Path file, boolean recover)
            throws IOException {
        builder.maxBloatFactor(EngineConfig.MAX_GROWTH).checksumEntries(true);
        // false: the file's own header says how it was built (the configured sizes may have changed since)
        return recover ? builder.recoverPersistedTo(file.toFile(), false) : builder.createPersistedTo(file.toFile());
    }

    private static Path copyToTemporary(Path home) throws IOException {
        Path copy = Files.createTempDirectory("daybit-read-only-indexes-");
        if (Files.isDirectory(home)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(home)) {
                for (Path f : files) {
                    // not the attributes: a file made read-only in a read-only directory is written here
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
        }
        return copy;
    }

    @Override
    public AccountDictionary newAccountDictionary() {
        return new MappedAccountDictionary(accountIds, accountNames);
    }

    @Override
    public OrderIdIndex newOrderIdIndex() {
        return new MappedOrderIdIndex(orderRows);
    }

    /**
     * Forces every write to the files onto the disk: before a snapshot that counts on them, after
     * loading (entries of lost records were dropped, and their ids go to the next new accounts),
     * and before the files are marked closed.
     */
    void force() throws IOException {
        if (temporary) {
            return;
        }
        for (String name : new String[]{ACCOUNTS, NAMES, ORDERS}) {
            // on Linux, fsync of the file also writes the pages dirtied through the memory mapping
            try (FileChannel ch = FileChannel.open(dir.resolve(name), StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
        Observer o = forced;
        if (o != null) {
            o.forced(dir);
        }
    }

    /** Sees each {@link #force}: tests keep what the disk holds at that moment, to model a power cut. */
    @FunctionalInterface
    interface Observer {
        void forced(Path dir) throws IOException;
    }

    /** Null outside tests. */
    static volatile Observer forced;

    /** Off-heap bytes the three maps use. */
    public long offHeapBytes() {
        return accountIds.offHeapMemoryUsed() + accountNames.offHeapMemoryUsed() + orderRows.offHeapMemoryUsed();
    }

    /** Closes the maps; when the files are the data directory's own, marks them closed cleanly. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean forcedAll = false;
        try {
            if (!Files.isDirectory(dir)) {
                // a deleted dataset's: nothing to keep
                throw new IOException("no directory " + dir);
            }
            // the marker says the files are whole without recovery: true only of what is on disk
            force();
            forcedAll = true;
        } catch (IOException | RuntimeException e) {
            if (Files.isDirectory(dir)) {
                LOG.log(Level.WARNING, "forcing the index files in {0}: {1}; the next start recovers them", dir,
                        e.toString());
            }
        }
        accountIds.close();
        accountNames.close();
        orderRows.close();
        try {
            if (temporary) {
                deleteAll(dir);
            } else if (forcedAll && Files.isDirectory(dir)) {
                Files.createFile(dir.resolve(CLOSED));
                Fsync.directory(dir);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the index files in {0}: {1}; the next start recovers them", dir,
                    e.toString());
        }
    }

    private static void deleteAll(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
