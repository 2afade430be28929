package io.daybit.engine.store;

/**
 * Where a store keeps its two string-keyed indexes, the account dictionary and the order-id index:
 * on the heap ({@link #onHeap()}, the in-memory engine), or in memory-mapped files that outlive the
 * process ({@code persist.MappedIndexes}). Each call returns an empty view for a new store; views of
 * the same files share them.
 */
public interface KeyIndexes {
    AccountDictionary newAccountDictionary();

    OrderIdIndex newOrderIdIndex();

    /** Plain heap hash maps, gone with the process. */
    static KeyIndexes onHeap() {
        return new KeyIndexes() {
            @Override
            public AccountDictionary newAccountDictionary() {
                return new HeapAccountDictionary();
            }

            @Override
            public OrderIdIndex newOrderIdIndex() {
                return new HeapOrderIdIndex();
            }
        };
    }
}
