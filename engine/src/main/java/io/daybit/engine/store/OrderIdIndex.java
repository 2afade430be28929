package io.daybit.engine.store;

/**
 * The order ids already accepted, each with its row in {@link OrderColumns}: duplicate orders are
 * rejected against it. Written by the store's single writer; read by the same thread when it
 * decides a batch.
 */
public interface OrderIdIndex {
    /** Whether an order with this id was accepted. */
    boolean contains(String orderId);

    /** Records an accepted order; {@code row} is its row in the order columns. */
    void add(String orderId, int row);

    /** Number of order ids held. */
    long size();

    /** Heap bytes held, roughly. */
    long sizeInBytes();

    /** Writes what a snapshot needs to restore this index with {@link #readFrom}. */
    void writeTo(SnapshotOutput out);

    /** Reads what {@link #writeTo} wrote into this empty index. */
    void readFrom(SnapshotInput in);

    /**
     * Called once a dataset's snapshot and log are loaded, before new events arrive.
     *
     * @param rows the number of order rows loaded: ids of higher rows are stale
     */
    default void afterLoad(int rows) {
    }
}
