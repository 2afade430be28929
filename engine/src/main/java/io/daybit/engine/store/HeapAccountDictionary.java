package io.daybit.engine.store;

import org.agrona.collections.Object2IntHashMap;

import java.util.ArrayList;

/** The account dictionary of the in-memory engine: a hash map and a list on the heap. */
public final class HeapAccountDictionary implements AccountDictionary {
    private static final int MISSING = -1;

    private static final float LOAD = 0.65f;

    /** Both replaced, sized for their content, only when a snapshot is read into a new dictionary. */
    private Object2IntHashMap<String> ids = new Object2IntHashMap<>(1024, LOAD, MISSING);
    private ArrayList<String> names = new ArrayList<>();

    @Override
    public int idOf(String external) {
        int id = ids.getValue(external);
        if (id == MISSING) {
            id = names.size();
            ids.put(external, id);
            names.add(external);
        }
        return id;
    }

    @Override
    public String name(int id) {
        return names.get(id);
    }

    @Override
    public int size() {
        return names.size();
    }

    @Override
    public long sizeInBytes() {
        // the map's slots, the list's slot and the string itself (~40 bytes for a short id)
        return names.size() * 64L;
    }

    /** Writes every external id in order of dense id. */
    @Override
    public void writeTo(SnapshotOutput out) {
        out.writeInt(names.size());
        for (String name : names) {
            out.writeString(name);
        }
    }

    @Override
    public void readFrom(SnapshotInput in) {
        int n = in.readCount(1);
        ids = new Object2IntHashMap<>(presized(n), LOAD, MISSING);
        names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (idOf(in.readString()) != i) {
                throw new IllegalStateException("account id written twice in a snapshot");
            }
        }
    }

    /** A capacity that holds {@code n} entries without a resize. */
    static int presized(int n) {
        return (int) Math.min(1 << 30, Math.max(1024, n / LOAD + 1));
    }
}
