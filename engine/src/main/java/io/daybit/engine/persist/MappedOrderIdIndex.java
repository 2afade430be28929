package io.daybit.engine.persist;

import io.daybit.engine.DaybitException;
import io.daybit.engine.store.OrderIdIndex;
import io.daybit.engine.store.SnapshotInput;
import io.daybit.engine.store.SnapshotOutput;
import net.openhft.chronicle.map.ChronicleMap;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The order-id index of a stored dataset: Chronicle Maps from order id to order row, sharded by
 * the id's hash, shared by every view. The row tells an id of an applied order from one the maps
 * hold ahead of a replay (see {@link MappedIndexes}), or reserve for a batch not applied yet (see
 * {@link OrderIdIndex#reserve}): such an id is not {@link #contains contained}, and after loading,
 * ids of rows past the loaded orders are dropped.
 */
final class MappedOrderIdIndex implements OrderIdIndex {
    private static final System.Logger LOG = System.getLogger(MappedOrderIdIndex.class.getName());

    private final List<ChronicleMap<CharSequence, Integer>> shards;
    private final IndexActivity activity;
    /** Orders applied: ids of higher rows are reserved or ahead, not yet accepted. */
    private int applied;
    /** Rows written to the maps: {@link #applied} plus those reserved for batches not applied yet. */
    private int reserved;
    /** The order ids of the reserved rows {@code applied .. reserved - 1}, in order. */
    private final ArrayDeque<String> pending = new ArrayDeque<>();

    MappedOrderIdIndex(List<ChronicleMap<CharSequence, Integer>> shards, IndexActivity activity) {
        this.shards = shards;
        this.activity = activity;
    }

    private int shardOf(String orderId) {
        // String.hashCode is specified, so an id lands in the same shard in every process
        return Math.floorMod(orderId.hashCode(), shards.size());
    }

    @Override
    public boolean contains(String orderId) {
        int k = shardOf(orderId);
        Integer row;
        activity.enter(MappedIndexes.FIRST_ORDER_SHARD + k);
        try {
            row = shards.get(k).get(orderId);
        } finally {
            activity.exit(MappedIndexes.FIRST_ORDER_SHARD + k);
        }
        return row != null && row < applied;
    }

    private void put(String orderId, int row) {
        int k = shardOf(orderId);
        activity.enter(MappedIndexes.FIRST_ORDER_SHARD + k);
        try {
            shards.get(k).put(orderId, row);
        } finally {
            activity.exit(MappedIndexes.FIRST_ORDER_SHARD + k);
        }
    }

    @Override
    public void reserve(String orderId) {
        put(orderId, reserved);
        reserved++;
        pending.addLast(orderId);
    }

    @Override
    public int reserved() {
        return reserved;
    }

    @Override
    public void release(int mark) {
        while (reserved > Math.max(mark, applied)) {
            String orderId = pending.pollLast();
            int k = shardOf(orderId);
            activity.enter(MappedIndexes.FIRST_ORDER_SHARD + k);
            try {
                shards.get(k).remove(orderId);
            } finally {
                activity.exit(MappedIndexes.FIRST_ORDER_SHARD + k);
            }
            reserved--;
        }
    }

    @Override
    public void add(String orderId, int row) {
        if (row < reserved) {
            // reserved before its batch was logged; batches apply in the order they reserved
            if (row != applied || !orderId.equals(pending.pollFirst())) {
                throw new IllegalStateException("order '" + orderId + "' applied as row " + row + " where row "
                        + applied + " was reserved for another");
            }
        } else {
            // loading: the log replayed
            put(orderId, row);
            reserved = row + 1;
        }
        applied = row + 1;
    }

    @Override
    public long size() {
        long n = 0;
        for (int k = 0; k < shards.size(); k++) {
            activity.enter(MappedIndexes.FIRST_ORDER_SHARD + k);
            try {
                n += shards.get(k).longSize();
            } finally {
                activity.exit(MappedIndexes.FIRST_ORDER_SHARD + k);
            }
        }
        return n;
    }

    @Override
    public long sizeInBytes() {
        return 0;
    }

    /** The maps keep the ids themselves: nothing goes into a snapshot. */
    @Override
    public void writeTo(SnapshotOutput out) {
    }

    @Override
    public void readFrom(SnapshotInput in) {
    }

    @Override
    public void afterLoad(int loadedRows) {
        applied = loadedRows;
        reserved = loadedRows;
        long held = size();
        if (held != loadedRows) {
            LOG.log(Level.WARNING, "order-id index: {0} ids for {1} orders; dropping the ids of records the log "
                    + "no longer holds", held, loadedRows);
            for (int k = 0; k < shards.size(); k++) {
                activity.enter(MappedIndexes.FIRST_ORDER_SHARD + k);
                try {
                    shards.get(k).forEachEntry(e -> {
                        if (e.value().get() >= loadedRows) {
                            e.doRemove();
                        }
                    });
                } finally {
                    activity.exit(MappedIndexes.FIRST_ORDER_SHARD + k);
                }
            }
            held = size();
        }
        if (held != loadedRows) {
            throw new DaybitException("the order-id index files hold " + held + " ids where the snapshot and log "
                    + "count " + loadedRows + " orders: they are damaged or belong to other data");
        }
    }
}
