package io.daybit.bench.peer;

import io.daybit.bench.state.Profile;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** The DuckDB peer of each profile, loaded once per JVM and shared by every benchmark of the run. */
public final class PeerData {
    private static final Map<String, DuckDbPeer> SHARED = new HashMap<>();

    private PeerData() {
    }

    /** The peer of a profile, loaded on first use. */
    public static synchronized DuckDbPeer shared(Profile profile) throws SQLException {
        DuckDbPeer peer = SHARED.get(profile.name());
        if (peer == null) {
            peer = DuckDbPeer.load(profile);
            SHARED.put(profile.name(), peer);
        }
        return peer;
    }

    /** Closes and forgets every peer. */
    public static synchronized void closeAll() throws SQLException {
        for (DuckDbPeer p : SHARED.values()) {
            p.close();
        }
        SHARED.clear();
    }
}
