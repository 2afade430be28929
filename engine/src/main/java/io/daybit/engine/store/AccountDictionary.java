package io.daybit.engine.store;

import org.agrona.collections.Object2IntHashMap;

import java.util.ArrayList;

/** External account id ↔ dense int id, assigned in order of first appearance from 0. */
public final class AccountDictionary {
    private static final int MISSING = -1;

    private static final float LOAD = 0.65f;

    /** Both replaced, sized for their content, only when a snapshot is read into a new dictionary. */
    private Object2IntHashMap<String> ids = new Object2IntHashMap<>(1024, LOAD, MISSING);
    private ArrayList<String> names = new ArrayList<>();

    /** The dense id of the account, assigning the next one when it is new. */
    public int idOf(String external) {
        int id = ids.getValue(external);
        if (id == MISSING) {
            id = names.size();
            ids.put(external, id);
            names.add(external);
        }
        return id;
    }

    /** The dense id of the account, or -1 when it was never seen. */
    public int find(String external) {
        return ids.getValue(external);
    }

    /** The external id of a dense id. */
    public String name(int id) {
        return names.get(id);
    }

    /** Number of accounts seen, guests included. */
    public int size() {
        return names.size();
    }

    /** Writes every external id in order of dense id. */
    void writeTo(SnapshotOutput out) {
        out.writeInt(names.size());
        for (String name : names) {
            out.writeString(name);
        }
    }

    /** Reads what {@link #writeTo} wrote into this empty dictionary. */
    void readFrom(SnapshotInput in) {
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
