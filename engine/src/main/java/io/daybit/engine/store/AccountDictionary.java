package io.daybit.engine.store;

/**
 * External account id ↔ dense int id, assigned in order of first appearance from 0. Because ids
 * follow first appearance, replaying the same events in the same order assigns the same ids: a
 * dictionary kept in files ({@code persist.MappedAccountDictionary}) relies on it after a crash.
 *
 * <p>{@link #idOf} is called by the store's single writer; {@link #name} and {@link #size} by
 * readers holding the dataset's read lock.
 */
public interface AccountDictionary {
    /** The dense id of the account, assigning the next one when it is new. */
    int idOf(String external);

    /** The external id of a dense id below {@link #size()}. */
    String name(int id);

    /** Number of accounts seen, guests included. */
    int size();

    /** Heap bytes held, roughly. */
    long sizeInBytes();

    /** Writes what a snapshot needs to restore this dictionary with {@link #readFrom}. */
    void writeTo(SnapshotOutput out);

    /** Reads what {@link #writeTo} wrote into this empty dictionary. */
    void readFrom(SnapshotInput in);

    /** Called once a dataset's snapshot and log are loaded, before new events arrive. */
    default void afterLoad() {
    }

    /**
     * Writes now, before its batch is logged, what {@link #idOf} will write for this account when
     * the batch is applied, so that storage that cannot grow (a full disk) refuses the batch before
     * anything of it is stored. Reserved ids are applied by {@code idOf} in the order they were
     * reserved, or released. Writer thread only; a no-op on the heap.
     */
    default void reserve(String external) {
    }

    /** Ids applied or reserved: a mark to {@link #release} back to. */
    default int reserved() {
        return size();
    }

    /** Drops the reservations at or after {@code mark} (their batch is not applied). */
    default void release(int mark) {
    }
}
