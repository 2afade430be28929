package io.daybit.engine.persist;

import io.daybit.engine.DaybitException;
import io.daybit.engine.store.OrderIdIndex;
import io.daybit.engine.store.SnapshotInput;
import io.daybit.engine.store.SnapshotOutput;
import net.openhft.chronicle.map.ChronicleMap;

import java.lang.System.Logger.Level;
import java.util.List;

/**
 * The order-id index of a stored dataset: Chronicle Maps from order id to order row, sharded by
 * the id's hash, shared by every view. The row tells an id of an applied order from one the maps
 * hold ahead of a replay (see {@link MappedIndexes}): after loading, ids of rows past the loaded
 * orders are dropped.
 */
final class MappedOrderIdIndex implements OrderIdIndex {
    private static final System.Logger LOG = System.getLogger(MappedOrderIdIndex.class.getName());

    private final List<ChronicleMap<CharSequence, Integer>> shards;
    private final IndexActivity activity;

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
        activity.enter(MappedIndexes.FIRST_ORDER_SHARD + k);
        try {
            return shards.get(k).containsKey(orderId);
        } finally {
            activity.exit(MappedIndexes.FIRST_ORDER_SHARD + k);
        }
    }

    @Override
    public void add(String orderId, int row) {
        int k = shardOf(orderId);
        activity.enter(MappedIndexes.FIRST_ORDER_SHARD + k);
        try {
            shards.get(k).put(orderId, row);
        } finally {
            activity.exit(MappedIndexes.FIRST_ORDER_SHARD + k);
        }
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
