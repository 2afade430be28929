package io.daybit.engine.persist;

import io.daybit.engine.DaybitException;
import io.daybit.engine.store.AccountDictionary;
import io.daybit.engine.store.SnapshotInput;
import io.daybit.engine.store.SnapshotOutput;
import net.openhft.chronicle.map.ChronicleMap;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;

/**
 * The account dictionary of a stored dataset: two Chronicle Maps (external id → dense id and back)
 * shared by every view, plus this view's count of accounts and a small cache on the heap.
 *
 * <p>The count, not the map's size, says which ids exist: after a crash the maps may hold entries
 * applied after the newest snapshot, which the log replay then meets again. An entry with an id at
 * or past the count is such an entry; since ids follow first appearance, the replay assigns that
 * very id again (or, if the entry was lost or differs, writes it anew).
 *
 * <p><b>Reservations.</b> The writer reserves a batch's new accounts ({@link #reserve}) before
 * its record is logged: the ids are assigned and written to both maps then, and {@link #idOf}
 * applies them later, in the same order, without writing. Ids between the count and
 * {@code reserved} are invisible to readers; a batch that is not applied releases its own.
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
    private static final int ABSENT = -1;

    private final ChronicleMap<CharSequence, Integer> ids;
    private final ChronicleMap<Integer, CharSequence> names;
    private final IndexActivity activity;
    private final String[] cachedNames = new String[1 << CACHE_BITS];
    private final int[] cachedIds = new int[1 << CACHE_BITS];
    /** Accounts applied: what readers see. Written under the dataset's write lock. */
    private int size;
    /** Ids written to the maps: {@link #size} plus those reserved for batches not applied yet. Writer only. */
    private int reserved;
    /** The external ids of the reserved ids {@code size .. reserved - 1}, in order. Writer only. */
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    /** What the map held for the account of the last {@link #known} miss (an entry ahead), or ABSENT. */
    private int foundAhead;

    MappedAccountDictionary(ChronicleMap<CharSequence, Integer> ids, ChronicleMap<Integer, CharSequence> names,
                            IndexActivity activity) {
        this.ids = ids;
        this.names = names;
        this.activity = activity;
    }

    private static int slot(String external) {
        int h = external.hashCode();
        return (h ^ (h >>> CACHE_BITS)) & CACHE_MASK;
    }

    /** The id of an account applied or reserved, or ABSENT. */
    private int known(String external) {
        int slot = slot(external);
        if (external.equals(cachedNames[slot])) {
            return cachedIds[slot];
        }
        Integer found;
        activity.enter(MappedIndexes.ACCOUNT_IDS);
        try {
            found = ids.get(external);
        } finally {
            activity.exit(MappedIndexes.ACCOUNT_IDS);
        }
        if (found != null && found < reserved) {
            cachedNames[slot] = external;
            cachedIds[slot] = found;
            return found;
        }
        foundAhead = found == null ? ABSENT : found;
        return ABSENT;
    }

    /** Writes both entries of a new id (after a {@link #known} miss), then caches it. */
    private void write(String external, int id) {
        if (foundAhead != id) {
            activity.enter(MappedIndexes.ACCOUNT_IDS);
            try {
                ids.put(external, id);
            } finally {
                activity.exit(MappedIndexes.ACCOUNT_IDS);
            }
        }
        // also when the id's entry is there already: a crash may have cut it off after the id
        activity.enter(MappedIndexes.ACCOUNT_NAMES);
        try {
            names.put(id, external);
        } finally {
            activity.exit(MappedIndexes.ACCOUNT_NAMES);
        }
        int slot = slot(external);
        cachedNames[slot] = external;
        cachedIds[slot] = id;
    }

    @Override
    public void reserve(String external) {
        if (known(external) != ABSENT) {
            return;
        }
        int id = reserved;
        write(external, id);
        reserved = id + 1;
        pending.addLast(external);
    }

    @Override
    public int reserved() {
        return reserved;
    }

    @Override
    public void release(int mark) {
        activity.enter(MappedIndexes.ACCOUNT_IDS);
        activity.enter(MappedIndexes.ACCOUNT_NAMES);
        try {
            while (reserved > Math.max(mark, size)) {
                int id = --reserved;
                String external = pending.pollLast();
                names.remove(id);
                ids.remove(external);
                int slot = slot(external);
                if (external.equals(cachedNames[slot])) {
                    cachedNames[slot] = null;
                }
            }
        } finally {
            activity.exit(MappedIndexes.ACCOUNT_NAMES);
            activity.exit(MappedIndexes.ACCOUNT_IDS);
        }
    }

    @Override
    public int idOf(String external) {
        int id = known(external);
        if (id != ABSENT) {
            if (id < size) {
                return id;
            }
            // reserved before its batch was logged; batches apply in the order they reserved
            if (id != size || !external.equals(pending.pollFirst())) {
                throw new IllegalStateException("account '" + external + "' reserved id " + id + " but " + size
                        + " is the next to apply");
            }
            size++;
            return id;
        }
        if (reserved != size) {
            throw new IllegalStateException("account '" + external + "' applied without a reservation while "
                    + (reserved - size) + " are pending");
        }
        // loading: the log replayed, or a batch of a dictionary that reserves nothing
        id = size;
        write(external, id);
        size = id + 1;
        reserved = size;
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
        reserved = n;
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
