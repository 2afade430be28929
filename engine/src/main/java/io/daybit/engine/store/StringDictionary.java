package io.daybit.engine.store;

import org.agrona.collections.Object2IntHashMap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A small dictionary of names (products, stores) to dense ints. */
public final class StringDictionary {
    private final Object2IntHashMap<String> ids = new Object2IntHashMap<>(64, 0.65f, -1);
    private final List<String> names = new ArrayList<>();

    /** The id of the name, assigning the next one when it is new. */
    public int idOf(String name) {
        int id = ids.getValue(name);
        if (id == -1) {
            id = names.size();
            ids.put(name, id);
            names.add(name);
        }
        return id;
    }

    /** The id of the name, or -1 when it is unknown. */
    public int find(String name) {
        return ids.getValue(name);
    }

    public String name(int id) {
        return names.get(id);
    }

    public int size() {
        return names.size();
    }

    /** Every name, in order of id; an unmodifiable view. */
    public List<String> names() {
        return Collections.unmodifiableList(names);
    }

    /** Writes every name in order of id. */
    void writeTo(SnapshotOutput out) {
        out.writeInt(names.size());
        for (String name : names) {
            out.writeString(name);
        }
    }

    /** Reads what {@link #writeTo} wrote into this empty dictionary. */
    void readFrom(SnapshotInput in) {
        int n = in.readCount(1);
        for (int i = 0; i < n; i++) {
            if (idOf(in.readString()) != i) {
                throw new IllegalStateException("name written twice in a snapshot");
            }
        }
    }
}
