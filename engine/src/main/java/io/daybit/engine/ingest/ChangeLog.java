package io.daybit.engine.ingest;

import io.daybit.engine.model.EventType;

/**
 * What each applied batch changed, so that a cache of query answers can tell precisely which
 * answers are still valid. Every batch that accepts at least one event gets the next
 * {@linkplain #version() version} and records two facts:
 * <ul>
 *   <li>the earliest day any of its events fell on: no metric of a day before it changed, because
 *       every event only affects its own day and later ones (a hub product interaction attributes
 *       order lines at or after it; a second {@code account_created} moves the created day to the
 *       earlier of the two);</li>
 *   <li>whether it changed account state (creation, consent, contact): that state is current
 *       state, read whatever the range, so an answer that depends on it is stale after any such
 *       change, whatever its day.</li>
 * </ul>
 *
 * <p>An answer computed after reading version {@code v} (read <em>before</em> the query, so that
 * a batch landing in between can only make the check stricter) that reads no day after
 * {@code lastDay} is still valid when {@link #unchangedSince unchangedSince(v, lastDay, ...)}.
 *
 * <p><b>Single writer.</b> Only the dataset's writer calls {@link #record}, under the dataset's
 * write lock once the batch is sealed; readers may call the other methods from any thread. The
 * log keeps the last {@value #CAPACITY} batches: an answer older than that is treated as stale.
 */
public final class ChangeLog {
    /** {@link #earliestDayChangedSince} when nothing changed. */
    public static final int NO_CHANGE = Integer.MAX_VALUE;
    /** {@link #earliestDayChangedSince} when the log no longer reaches back that far. */
    public static final int UNKNOWN = Integer.MIN_VALUE;
    /** How many batches are remembered. */
    public static final int CAPACITY = 4096;

    private final int[] minDay = new int[CAPACITY];
    private final boolean[] accountState = new boolean[CAPACITY];
    private volatile long version;

    /** Whether events of this type change account state (creation, consent, contact). */
    public static boolean changesAccountState(EventType type) {
        return type == EventType.ACCOUNT_CREATED || type == EventType.CONSENT || type == EventType.CONTACT;
    }

    /** The number of batches recorded so far; grows by one per batch that changed something. */
    public long version() {
        return version;
    }

    /**
     * Records an applied batch. Writer only.
     *
     * @param earliestDay        the earliest epoch day of its accepted events
     * @param accountStateChange whether any of them changed account state
     */
    public synchronized void record(int earliestDay, boolean accountStateChange) {
        long next = version + 1;
        int slot = (int) (next % CAPACITY);
        minDay[slot] = earliestDay;
        accountState[slot] = accountStateChange;
        version = next;
    }

    /**
     * The earliest epoch day changed by the batches after {@code since}: {@link #NO_CHANGE} when
     * there were none, {@link #UNKNOWN} when they are no longer all remembered.
     */
    public int earliestDayChangedSince(long since) {
        if (version == since) {
            return NO_CHANGE;
        }
        synchronized (this) {
            long now = version;
            if (since > now || now - since > CAPACITY) {
                return UNKNOWN;
            }
            int earliest = NO_CHANGE;
            for (long v = since + 1; v <= now; v++) {
                earliest = Math.min(earliest, minDay[(int) (v % CAPACITY)]);
            }
            return earliest;
        }
    }

    /** Whether a batch after {@code since} changed account state (true when no longer remembered). */
    public boolean accountStateChangedSince(long since) {
        if (version == since) {
            return false;
        }
        synchronized (this) {
            long now = version;
            if (since > now || now - since > CAPACITY) {
                return true;
            }
            for (long v = since + 1; v <= now; v++) {
                if (accountState[(int) (v % CAPACITY)]) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Whether an answer computed at version {@code since} that reads no day after {@code lastDay}
     * (an epoch day) is unchanged now.
     *
     * @param readsAccountState whether the answer depends on current account state
     */
    public boolean unchangedSince(long since, int lastDay, boolean readsAccountState) {
        if (version == since) {
            return true;
        }
        int earliest = earliestDayChangedSince(since);
        return earliest != UNKNOWN && earliest > lastDay
                && !(readsAccountState && accountStateChangedSince(since));
    }
}
