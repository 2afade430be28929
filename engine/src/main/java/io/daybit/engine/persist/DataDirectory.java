package io.daybit.engine.persist;

import io.daybit.engine.DatasetSettings;
import io.daybit.engine.DaybitException;
import io.daybit.engine.EngineConfig;
import io.daybit.engine.UnavailableException;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The catalog of an engine's data directory: which datasets exist, with their settings and logs.
 * Every change to it is atomic and durable: a dataset directory appears under its name only once
 * complete (it is built under a temporary name and renamed), and disappears in one rename before
 * its files are removed.
 *
 * <pre>
 * DATA_DIR/
 *   daybit.lock                     held by the engine that has the directory open
 *   datasets/
 *     NAME/
 *       settings.bin                the dataset's settings ({@link SettingsFile})
 *       log/00000000000000000001.log  segments of the event log ({@link EventLog})
 *       snapshots/00000000000000004711.snap  the state as of log record 4711 ({@link SnapshotFile})
 *       indexes/*.cmap              account dictionary and order-id index ({@link MappedIndexes})
 *     .creating-NAME/               a creation cut short by a crash: removed at open
 *     .deleted-NAME-N/              a deletion cut short by a crash: removed at open
 * </pre>
 *
 * When the directory cannot be written (a read-only mount or permissions), it opens read-only:
 * every dataset is loaded and can be queried, and every change fails with
 * {@link UnavailableException}.
 */
public final class DataDirectory implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DataDirectory.class.getName());
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final String CREATING = ".creating-";
    private static final String DELETED = ".deleted-";

    private final EngineConfig config;
    private final Path root;
    private final Path datasets;
    private final boolean writable;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(EngineConfig config, boolean writable, FileChannel lockChannel, FileLock lock) {
        this.config = config;
        this.root = config.dataDir();
        this.datasets = root.resolve("datasets");
        this.writable = writable;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens the data directory of {@code config}, creating it when missing, and takes its lock.
     *
     * @throws UnavailableException when another process has it open, or it does not exist and
     *                              cannot be created
     */
    public static DataDirectory open(EngineConfig config) {
        Path root = config.dataDir().toAbsolutePath();
        Path datasets = root.resolve("datasets");
        try {
            Files.createDirectories(datasets);
        } catch (IOException e) {
            if (!Files.isDirectory(datasets)) {
                throw new UnavailableException("cannot create the data directory " + datasets + ": " + e, e);
            }
        }
        boolean writable = probeWritable(datasets);
        if (!writable) {
            LOG.log(Level.WARNING, "the data directory {0} cannot be written: datasets are served read-only, "
                    + "ingest and changes are refused until it is writable and the engine restarted", root);
            return new DataDirectory(config.withDataDir(root), false, null, null);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(root.resolve("daybit.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new UnavailableException("the data directory " + root + " is in use by another process");
            }
            DataDirectory dir = new DataDirectory(config.withDataDir(root), true, channel, lock);
            dir.removeLeftovers();
            return dir;
        } catch (IOException | OverlappingFileLockException | UnavailableException e) {
            closeQuietly(channel);
            if (e instanceof UnavailableException u) {
                throw u;
            }
            if (e instanceof OverlappingFileLockException) {
                throw new UnavailableException("the data directory " + root + " is already open in this process");
            }
            throw new UnavailableException("cannot open the data directory " + root + ": " + e, e);
        }
    }

    private static boolean probeWritable(Path dir) {
        Path probe = dir.resolve(".probe-" + ProcessHandle.current().pid());
        try {
            Files.deleteIfExists(probe);
            Files.createFile(probe);
            Files.delete(probe);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The directory's absolute path. */
    public Path path() {
        return root;
    }

    /** Whether changes can be stored; false for a read-only directory. */
    public boolean writable() {
        return writable;
    }

    /** The datasets stored, by name. */
    public List<String> datasetNames() {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(datasets)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (Files.isDirectory(d) && NAME.matcher(name).matches()) {
                    names.add(name);
                } else if (!name.startsWith(".")) {
                    LOG.log(Level.WARNING, "ignoring {0}: not a dataset directory", d);
                }
            }
        } catch (IOException e) {
            throw new DaybitException("cannot list the datasets in " + datasets + ": " + e, e);
        }
        names.sort(null);
        return names;
    }

    /**
     * A stored dataset's settings.
     *
     * @throws DaybitException when its settings file is missing or damaged
     */
    public DatasetSettings readSettings(String name) {
        try {
            return SettingsFile.read(datasets.resolve(name));
        } catch (CorruptDataException | UnsupportedFormatException e) {
            throw new DaybitException("dataset '" + name + "' cannot be loaded: " + e.getMessage());
        } catch (IOException e) {
            throw new DaybitException("dataset '" + name + "' cannot be loaded: " + e, e);
        }
    }

    /**
     * Opens a stored dataset's journal, handing every batch in its log to {@code replay} in the
     * order they were first applied.
     *
     * @throws DaybitException when its log is damaged beyond a torn tail
     */
    public DatasetJournal load(String name, DatasetJournal.Replay replay) {
        return DatasetJournal.open(name, datasets.resolve(name), config, writable, replay);
    }

    /**
     * Stores a new dataset durably and opens its (empty) journal; {@code replay} receives its new
     * index files.
     *
     * @throws UnavailableException when it cannot be written
     */
    public DatasetJournal create(String name, DatasetSettings settings, DatasetJournal.Replay replay) {
        checkWritable();
        Path temp = datasets.resolve(CREATING + name);
        Path target = datasets.resolve(name);
        try {
            deleteTree(temp);
            Files.createDirectories(temp.resolve(DatasetJournal.LOG_DIR));
            SettingsFile.write(temp, settings);
            // the index files take the most room: a disk too full for them stops the creation here
            MappedIndexes.open(name, temp, config, true, true).close();
            Fsync.directory(temp.resolve(DatasetJournal.LOG_DIR));
            Fsync.directory(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            Fsync.directory(datasets);
        } catch (IOException | DaybitException e) {
            try {
                deleteTree(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new UnavailableException("cannot store dataset '" + name + "' in " + datasets + ": "
                    + e.getMessage(), e);
        }
        try {
            return DatasetJournal.open(name, target, config, true, replay);
        } catch (DaybitException e) {
            // not created after all: it must not appear at the next start, nor block a retry
            try {
                Path trash = datasets.resolve(DELETED + name + "-" + System.nanoTime());
                Files.move(target, trash, StandardCopyOption.ATOMIC_MOVE);
                Fsync.directory(datasets);
                deleteTree(trash);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new UnavailableException("cannot open the new dataset '" + name + "' in " + datasets + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Deletes a dataset durably: once this returns, it does not come back after a restart.
     *
     * @param closeJournal closes the dataset's journal; run once the deletion is durable, before
     *                     its files are removed
     * @throws UnavailableException when it cannot be written; the dataset is then unchanged
     */
    public void delete(String name, Runnable closeJournal) {
        checkWritable();
        Path dir = datasets.resolve(name);
        Path trash = datasets.resolve(DELETED + name + "-" + System.nanoTime());
        try {
            Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
            Fsync.directory(datasets);
        } catch (IOException e) {
            throw new UnavailableException("cannot delete dataset '" + name + "' from " + datasets + ": " + e, e);
        }
        closeJournal.run();
        try {
            deleteTree(trash);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "dataset ''{0}'' is deleted but its files in {1} could not all be removed "
                    + "({2}); the next start removes them", name, trash, e.toString());
        }
    }

    private void checkWritable() {
        if (!writable) {
            throw new UnavailableException("the data directory " + root + " is read-only: changes are refused");
        }
    }

    private void removeLeftovers() throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(datasets)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (name.startsWith(CREATING) || name.startsWith(DELETED)) {
                    LOG.log(Level.INFO, "removing {0}, left by a creation or deletion that a crash cut short", d);
                    deleteTree(d);
                }
            }
        }
        Fsync.directory(datasets);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Releases the directory's lock. The datasets' journals are closed by their owners. */
    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "releasing the lock of {0}: {1}", root, e.toString());
        } finally {
            closeQuietly(lockChannel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing a lock file: {0}", e.toString());
            }
        }
    }
}
