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
import java.util.ArrayList;
import java.util.List;

/**
 * A dataset's account dictionary and order-id index, kept off the heap in Chronicle Map files in
 * its directory, so that a restart opens them instead of reloading them.
 *
 * <pre>
 * NAME/indexes/accounts.cmap        external account id → dense id
 *              account-names.cmap   dense id → external account id
 *              order-ids-K.cmap     order id → order row, for the ids of shard K (of 8, by hash)
 *              activity             operations in progress on them ({@link IndexActivity})
 *              complete             present once the three maps were all created
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
 * {@code closed} marker: unless its {@link IndexActivity} shows it died between two operations,
 * the files are then opened with Chronicle Map's recovery, which checks every entry's checksum and
 * releases locks the dead process held. Index files that cannot be opened at all are rebuilt from
 * the log when no snapshot counts on them. A new dataset's files are created, and closed, before
 * its directory is renamed into place. They are forced before the {@code closed} marker is written.
 *
 * <p>The files are closed under the dataset's write lock, so no query is reading them then: a
 * Chronicle Map closed under a reader fails it, or crashes the JVM once unmapped.
 *
 * <p>A read-only data directory is served from copies of the files in a temporary directory, so
 * that loading (which replays the log tail into them) writes nothing in the data directory.
 */
public final class MappedIndexes implements KeyIndexes, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MappedIndexes.class.getName());

    static {
        // Chronicle's libraries print a banner and report usage statistics over the network unless
        // told not to; an embedded engine must do neither unless the application asks for it
        for (String p : new String[]{"chronicle.analytics.disable", "chronicle.announcer.disable"}) {
            if (System.getProperty(p) == null) {
                System.setProperty(p, "true");
            }
        }
    }
    static final String DIR = "indexes";
    private static final String ACCOUNTS = "accounts.cmap";
    private static final String NAMES = "account-names.cmap";
    /** Shards of the order-id index: a crash in mid-operation costs the recovery of one shard only. */
    static final int ORDER_SHARDS = 8;
    /** Activity slots: the two account maps, then the order shards. */
    static final int ACCOUNT_IDS = 0;
    static final int ACCOUNT_NAMES = 1;
    static final int FIRST_ORDER_SHARD = 2;
    private static final String CLOSED = "closed";
    private static final String ACTIVITY = "activity";
    private static final String COMPLETE = "complete";

    private final Path dir;
    private final boolean temporary;
    private final IndexActivity activity;
    private final ChronicleMap<CharSequence, Integer> accountIds;
    private final ChronicleMap<Integer, CharSequence> accountNames;
    private final List<ChronicleMap<CharSequence, Integer>> orderShards;
    private boolean closed;

    private MappedIndexes(Path dir, boolean temporary, IndexActivity activity,
                          ChronicleMap<CharSequence, Integer> accountIds, ChronicleMap<Integer, CharSequence> accountNames,
                          List<ChronicleMap<CharSequence, Integer>> orderShards) {
        this.dir = dir;
        this.temporary = temporary;
        this.activity = activity;
        this.accountIds = accountIds;
        this.accountNames = accountNames;
        this.orderShards = orderShards;
    }

    /**
     * Opens (or creates) the index files of the dataset stored in {@code datasetDir}.
     *
     * @param writable    false for a read-only data directory: copies are opened instead
     * @param rebuildable whether nothing but the log counts on the files (no snapshot yet): files
     *                    that cannot be opened are then replaced by empty ones, which the log
     *                    replay fills
     * @throws DaybitException when the files cannot be opened
     */
    static MappedIndexes open(String dataset, Path datasetDir, EngineConfig config, boolean writable,
                              boolean rebuildable) {
        Path home = datasetDir.resolve(DIR);
        Path dir = null;
        try {
            dir = writable ? Files.createDirectories(home) : copyToTemporary(home);
            try {
                return open(dataset, dir, config, !writable);
            } catch (IOException | RuntimeException e) {
                if (!rebuildable) {
                    throw e;
                }
                LOG.log(Level.WARNING, "dataset ''{0}'': its index files cannot be opened ({1}); no snapshot counts "
                        + "on them, so they are rebuilt from the log", dataset, e.toString());
                deleteAll(dir);
                return open(dataset, Files.createDirectories(dir), config, !writable);
            }
        } catch (IOException | RuntimeException e) {
            if (!writable && dir != null) {
                // a failed load leaves no temporary copy behind
                try {
                    deleteAll(dir);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            if (e instanceof DaybitException d) {
                throw d;
            }
            throw new DaybitException("dataset '" + dataset + "': cannot open its index files in " + home + ": " + e,
                    e);
        }
    }

    private static MappedIndexes open(String dataset, Path dir, EngineConfig config, boolean temporary)
            throws IOException {
        if (!Files.exists(dir.resolve(COMPLETE)) && Files.exists(dir.resolve(ACCOUNTS))) {
            // a crash while they were being created: half-made maps would make Chronicle Map wait a
            // minute for their creator; nothing was ever applied to them
            LOG.log(Level.INFO, "dataset ''{0}'': its index files were never completed; creating them anew", dataset);
            deleteAll(dir);
            Files.createDirectories(dir);
        }
        int maps = FIRST_ORDER_SHARD + ORDER_SHARDS;
        boolean[] recover = new boolean[maps];
        if (Files.exists(dir.resolve(ACCOUNTS)) && !Files.exists(dir.resolve(CLOSED))) {
            recover = IndexActivity.leftInOperation(dir.resolve(ACTIVITY), maps);
            int n = 0;
            for (boolean r : recover) {
                n += r ? 1 : 0;
            }
            LOG.log(Level.INFO, "dataset ''{0}'': its index files were left open by a process that is gone; {1} of "
                    + "{2} maps were in use when it died (or the system restarted since) and are recovered", dataset,
                    n, maps);
        }
        // the marker goes before the first write, so that a crash from now on is seen as one
        Files.deleteIfExists(dir.resolve(CLOSED));
        Fsync.directory(dir);
        IndexActivity activity = IndexActivity.open(dir.resolve(ACTIVITY), maps);
        List<ChronicleMap<?, ?>> opened = new ArrayList<>();
        try {
            long accounts = config.expectedAccounts();
            ChronicleMap<CharSequence, Integer> ids = open(ChronicleMap.of(CharSequence.class, Integer.class)
                    .name(dataset + "-accounts").entries(accounts).averageKeySize(16), dir.resolve(ACCOUNTS),
                    recover[ACCOUNT_IDS], opened);
            ChronicleMap<Integer, CharSequence> names = open(ChronicleMap.of(Integer.class, CharSequence.class)
                    .name(dataset + "-account-names").entries(accounts).averageValueSize(16),
                    dir.resolve(NAMES), recover[ACCOUNT_NAMES], opened);
            List<ChronicleMap<CharSequence, Integer>> shards = new ArrayList<>(ORDER_SHARDS);
            long perShard = Math.max(1, config.expectedOrders() / ORDER_SHARDS);
            for (int k = 0; k < ORDER_SHARDS; k++) {
                shards.add(open(ChronicleMap.of(CharSequence.class, Integer.class)
                        .name(dataset + "-order-ids-" + k).entries(perShard).averageKeySize(20),
                        dir.resolve("order-ids-" + k + ".cmap"), recover[FIRST_ORDER_SHARD + k], opened));
            }
            activity.started();
            if (!Files.exists(dir.resolve(COMPLETE))) {
                Files.createFile(dir.resolve(COMPLETE));
                Fsync.directory(dir);
            }
            return new MappedIndexes(dir, temporary, activity, ids, names, List.copyOf(shards));
        } catch (IOException | RuntimeException e) {
            for (ChronicleMap<?, ?> m : opened) {
                m.close();
            }
            activity.close();
            throw e;
        }
    }

    private static <K, V> ChronicleMap<K, V> open(ChronicleMapBuilder<K, V> builder, Path file, boolean recover,
                                                  List<ChronicleMap<?, ?>> opened) throws IOException {
        builder.maxBloatFactor(EngineConfig.MAX_GROWTH).checksumEntries(true);
        // false: the file's own header says how it was built (the configured sizes may have changed since)
        ChronicleMap<K, V> map = recover ? builder.recoverPersistedTo(file.toFile(), false)
                : builder.createPersistedTo(file.toFile());
        opened.add(map);
        return map;
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
        return new MappedAccountDictionary(accountIds, accountNames, activity);
    }

    @Override
    public OrderIdIndex newOrderIdIndex() {
        return new MappedOrderIdIndex(orderShards, activity);
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
        List<ChronicleMap<?, ?>> maps = new ArrayList<>(orderShards);
        maps.add(accountIds);
        maps.add(accountNames);
        for (ChronicleMap<?, ?> m : maps) {
            // on Linux, fsync of the file also writes the pages dirtied through the memory mapping
            try (FileChannel ch = FileChannel.open(m.file().toPath(), StandardOpenOption.READ,
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
        long bytes = accountIds.offHeapMemoryUsed() + accountNames.offHeapMemoryUsed();
        for (ChronicleMap<?, ?> shard : orderShards) {
            bytes += shard.offHeapMemoryUsed();
        }
        return bytes;
    }

    /** Closes the maps; when the files are the data directory's own, marks them closed cleanly. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean forcedAll = false;
        if (!temporary && Files.isDirectory(dir)) {
            try {
                // the marker says the files are whole without recovery: true only of what is on disk
                force();
                forcedAll = true;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "forcing the index files in {0}: {1}; the next start recovers them", dir,
                        e.toString());
            }
        }
        accountIds.close();
        accountNames.close();
        orderShards.forEach(ChronicleMap::close);
        try {
            activity.close();
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
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
