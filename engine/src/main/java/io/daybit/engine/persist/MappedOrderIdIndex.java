package io.daybit.engine.persist;

import io.daybit.engine.DaybitException;
import io.daybit.engine.store.OrderIdIndex;
import io.daybit.engine.store.SnapshotInput;
import io.daybit.engine.store.SnapshotOutput;
import net.openhft.chronicle.map.ChronicleMap;

import java.lang.System.Logger.Level;

/**
 * The order-id index of a stored dataset: a Chronicle Map from order id to order row, shared by
 * every view. The row tells an id of an applied order from one the map holds ahead of a replay
 * (see {@link MappedIndexes}): after loading, ids of rows past the loaded orders are dropped.
 */
final class MappedOrderIdIndex implements OrderIdIndex {
    private static final System.Logger LOG = System.getLogger(MappedOrderIdIndex.class.getName());

    private final ChronicleMap<CharSequence, Integer> rows;
    private final IndexActivity activity;

    MappedOrderIdIndex(ChronicleMap<CharSequence, Integer> rows, IndexActivity activity) {
        this.rows = rows;
        this.activity = activity;
    }

    @Override
    public boolean contains(String orderId) {
        activity.enter();
        try {
            return rows.containsKey(orderId);
        } finally {
            activity.exit();
        }
    }

    @Override
    public void add(String orderId, int row) {
        activity.enter();
        try {
            rows.put(orderId, row);
        } finally {
            activity.exit();
        }
    }

    @Override
    public long size() {
        activity.enter();
        try {
            return rows.longSize();
        } finally {
            activity.exit();
        }
    }

    @Override
    public long sizeInBytes() {
        return 0;
    }

    /** The map keeps the ids themselves: nothing goes into a snapshot. */
    @Override
    public void writeTo(SnapshotOutput out) {
    }

    @Override
    public void readFrom(SnapshotInput in) {
    }

    @Override
    public void afterLoad(int loadedRows) {
        activity.enter();
        try {
            dropIdsPast(loadedRows);
        } finally {
            activity.exit();
        }
    }

    private void dropIdsPast(int loadedRows) {
        if (rows.longSize() != loadedRows) {
            LOG.log(Level.WARNING, "order-id index: {0} ids for {1} orders; dropping the ids of records the log "
                    + "no longer holds", rows.longSize(), loadedRows);
            rows.forEachEntry(e -> {
                if (e.value().get() >= loadedRows) {
                    e.doRemove();
                }
            });
        }
        if (rows.longSize() != loadedRows) {
            throw new DaybitException("the order-id index file holds " + rows.longSize() + " ids where the snapshot "
                    + "and log count " + loadedRows + " orders: it is damaged or belongs to other data");
        }
    }
}
