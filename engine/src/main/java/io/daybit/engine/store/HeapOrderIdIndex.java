package io.daybit.engine.store;

import org.agrona.collections.ObjectHashSet;

/** The order-id index of the in-memory engine: a hash set on the heap (rows are not needed there). */
public final class HeapOrderIdIndex implements OrderIdIndex {
    /** Replaced, sized for its content, only when a snapshot is read into a new index. */
    private ObjectHashSet<String> ids = new ObjectHashSet<>(1024);

    @Override
    public boolean contains(String orderId) {
        return ids.contains(orderId);
    }

    @Override
    public void add(String orderId, int row) {
        ids.add(orderId);
    }

    @Override
    public long size() {
        return ids.size();
    }

    @Override
    public long sizeInBytes() {
        return ids.size() * 64L;
    }

    @Override
    public void writeTo(SnapshotOutput out) {
        out.writeInt(ids.size());
        ids.forEach(out::writeString);
    }

    @Override
    public void readFrom(SnapshotInput in) {
        int n = in.readCount(1);
        ids = new ObjectHashSet<>(HeapAccountDictionary.presized(n));
        for (int i = 0; i < n; i++) {
            ids.add(in.readString());
        }
    }
}
