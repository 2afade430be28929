package io.daybit.engine.persist;

import io.daybit.engine.DaybitException;
import io.daybit.engine.store.AccountDictionary;
import io.daybit.engine.store.SnapshotInput;
import io.daybit.engine.store.SnapshotOutput;
import net.openhft.chronicle.map.ChronicleMap;

import java.lang.System.Logger.Level;

/**
 * The account dictionary of a stored dataset: two Chronicle Maps (external id → dense id and back)
 * shared by every view, plus this view's count of accounts and a small cache on the heap.
 *
 * <p>The count, not the map's size, says which ids exist: after a crash the maps may hold entries
 * applied after the newest snapshot, which the log replay then meets again. An entry with an id at
 * or past the count is such an entry; since ids follow first appearance, the replay assigns that
 * very id again (or, if the entry was lost or differs, writes it anew).
 *
 * <p>A map lookup costs about a microsecond, several times a heap map's, and most events of a
 * session belong to accounts seen a moment ago: a direct-mapped cache of recently seen accounts
 * answers most lookups without touching the map (82% of the events of data-gen's full profile,
 * a million accounts, 45 days; 69% with a quarter of the slots). It holds at most one id string
 * per slot: ~8 MB of arrays plus the strings, whatever the number of accounts.
 */
final class MappedAccountDictionary implements AccountDictionary {
    private static final System.Logger LOG = System.getLogger(MappedAccountDictionary.class.getName());
    private static final int CACHE_BITS = 20;
    private static final int CACHE_MASK = (1 << CACHE_BITS) - 1;

    private final ChronicleMap<CharSequence, Integer> ids;
    private final ChronicleMap<Integer, CharSequence> names;
    private final IndexActivity activity;
    private final String[] cachedNames = new String[1 << CACHE_BITS];
    private final int[] cachedIds = new int[1 << CACHE_BITS];
    private int size;

    MappedAccountDictionary(ChronicleMap<CharSequence, Integer> ids, ChronicleMap<Integer, CharSequence> names,
                            IndexActivity activity) {
        this.ids = ids;
        this.names = names;
        this.activity = activity;
    }

    @Override
    public int idOf(String external) {
        int h = external.hashCode();
        int slot = (h ^ (h >>> CACHE_BITS)) & CACHE_MASK;
        if (external.equals(cachedNames[slot])) {
            return cachedIds[slot];
        }
        int id = size;
        activity.enter(MappedIndexes.ACCOUNT_IDS);
        try {
            Integer found = ids.get(external);
            if (found != null && found < size) {
                id = found;
            } else if (found == null || found != id) {
                ids.put(external, id);
            }
        } finally {
            activity.exit(MappedIndexes.ACCOUNT_IDS);
        }
        if (id == size) {
            activity.enter(MappedIndexes.ACCOUNT_NAMES);
            try {
                names.put(id, external);
            } finally {
                activity.exit(MappedIndexes.ACCOUNT_NAMES);
            }
            size++;
        }
        cachedNames[slot] = external;
        cachedIds[slot] = id;
        return id;
    }

    @Override
    public String name(int id) {
        CharSequence name = null;
        if (id < size) {
            activity.enter(MappedIndexes.ACCOUNT_NAMES);
            try {
                name = names.get(id);
            } finally {
                activity.exit(MappedIndexes.ACCOUNT_NAMES);
            }
        }
        if (name == null) {
            throw new IllegalStateException("no account with dense id " + id + " of " + size);
        }
        return name.toString();
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long sizeInBytes() {
        // the cache's arrays and, at most, one short id string per slot
        return cachedIds.length * (4L + 4L + 48L);
    }

    /** The maps keep the ids themselves: a snapshot needs only the count. */
    @Override
    public void writeTo(SnapshotOutput out) {
        out.writeInt(size);
    }

    @Override
    public void readFrom(SnapshotInput in) {
        int n = in.readInt();
        if (n < 0) {
            throw new IllegalStateException("negative account count " + n);
        }
        size = n;
    }

    /** Drops entries past the count (of log records a damaged log lost), then checks the maps hold the count. */
    @Override
    public void afterLoad() {
        activity.enter(MappedIndexes.ACCOUNT_IDS);
        activity.enter(MappedIndexes.ACCOUNT_NAMES);
        try {
            dropEntriesPastTheCount();
        } finally {
            activity.exit(MappedIndexes.ACCOUNT_NAMES);
            activity.exit(MappedIndexes.ACCOUNT_IDS);
        }
    }

    private void dropEntriesPastTheCount() {
        if (ids.longSize() != size || names.longSize() != size) {
            LOG.log(Level.WARNING, "account dictionary: {0} ids and {1} names for {2} accounts; dropping the "
                    + "entries of records the log no longer holds", ids.longSize(), names.longSize(), size);
            ids.forEachEntry(e -> {
                if (e.value().get() >= size) {
                    e.doRemove();
                }
            });
            names.forEachEntry(e -> {
                if (e.key().get() >= size) {
                    e.doRemove();
                }
            });
        }
        if (ids.longSize() != size || names.longSize() != size) {
            throw new DaybitException("the account dictionary files hold " + ids.longSize() + " ids and "
                    + names.longSize() + " names where the snapshot and log count " + size
                    + " accounts: they are damaged or belong to other data");
        }
    }
}
