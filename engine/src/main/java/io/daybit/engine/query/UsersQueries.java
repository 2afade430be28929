package io.daybit.engine.query;

import io.daybit.engine.model.Channel;
import io.daybit.engine.store.DatasetStore;
import io.daybit.engine.store.PurchaseIndex;
import org.roaringbitmap.RoaringBitmap;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

/**
 * The users overview of the Customer &amp; Business dashboard (METRICS.md §4) over a sealed
 * {@link DatasetStore}. Callers hold the dataset's read lock.
 */
public final class UsersQueries {
    private UsersQueries() {
    }

    /**
     * Accounts created on or before {@code today}, and of those the consented ones by current state.
     * The consent bitmaps hold every created account; the few created after {@code today} (when it
     * is pinned in the past) are taken out with one union of creation days.
     */
    public static UsersOverview overview(DatasetStore store, LocalDate today) {
        int t = (int) today.toEpochDay();
        PurchaseIndex index = store.purchases();
        long users = store.created().sumUpTo(t);
        RoaringBitmap later = index.maxCohort() > t
                ? store.createdAccounts().union(Math.max(t + 1, index.minCohort()), index.maxCohort())
                : null;
        Map<Channel, Long> byChannel = new EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) {
            byChannel.put(c, upTo(index.consentedOn(c), later));
        }
        return new UsersOverview(today, users, upTo(index.consentedAny(), later), byChannel);
    }

    private static long upTo(RoaringBitmap consented, RoaringBitmap later) {
        long all = consented.getLongCardinality();
        return later == null ? all : all - RoaringBitmap.andCardinality(consented, later);
    }
}
