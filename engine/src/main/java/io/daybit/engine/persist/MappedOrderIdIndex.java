package io.daybit.engine.persist;

import io.daybit.engine.DaybitException;
import io.daybit.engine.store.OrderIdIndex;
import io.daybit.engine.store.SnapshotInput;
import io.daybit.engine.store.SnapshotOutput;
import net.openhft.chronicle.map.ChronicleMap;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;

/**
 * The order-id index of a stored dataset: a Chronicle Map from order id to order row, shared by
 * every view. The row tells an id of an applied order from one the map holds ahead of a replay
 * (see {@link MappedIndexes}): after loading, ids of rows past the loaded orders are dropped.
 */
final class MappedOrderIdIndex implements OrderIdIndex {
    private static final System.Logger LOG = System.getLogger(MappedOrderIdIndex.class.getName());

    private final ChronicleMap<CharSequence, Integer> rows;
    /** Orders applied: ids of higher rows are reserved or ahead, not yet accepted. */
    private int applied;
    /** Rows written to the map: {@link #applied} plus those reserved for batches not applied yet. */
    private int reserved;
    /** The order ids of the reserved rows {@code applied .. reserved - 1}, in order. */
    private final ArrayDeque<String> pending = new ArrayDeque<>();

    MappedOrderIdIndex(ChronicleMap<CharSequence, Integer> rows) {
        this.rows = rows;
    }

    @Override
    public boolean contains(String orderId) {
        Integer row = rows.get(orderId);
        return row != null && row < applied;
    }

    @Override
    public void reserve(String orderId) {
        rows.put(orderId, reserved);
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
            reserved--;
            rows.remove(pending.pollLast());
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
            rows.put(orderId, row);
            reserved = row + 1;
        }
        applied = row + 1;
    }

    @Override
    public long size() {
        return rows.longSize();
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
        applied = loadedRows;
        reserved = loadedRows;
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
