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

    /**
     * Writes now, before its batch is logged, the id of an order that {@link #add} will record
     * when the batch is applied, with the next row (see {@link AccountDictionary#reserve}). A
     * reserved id is not {@link #contains contained} until it is added. Writer thread only; a
     * no-op on the heap.
     */
    default void reserve(String orderId) {
    }

    /** Rows applied or reserved: a mark to {@link #release} back to. */
    default int reserved() {
        return (int) size();
    }

    /** Drops the reservations at or after row {@code mark} (their batch is not applied). */
    default void release(int mark) {
    }
}
