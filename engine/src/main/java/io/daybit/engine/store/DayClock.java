package io.daybit.engine.store;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Maps instants to calendar days (epoch days) in a dataset's timezone. It caches the UTC offset and
 * the interval of instants over which that offset holds, so that consecutive events of nearby
 * instants cost two comparisons and a division, with no allocation. Single-threaded.
 */
public final class DayClock {
    private static final long SECONDS_PER_DAY = 86_400L;

    private final ZoneRules rules;
    private long validFromSecond = Long.MAX_VALUE;
    private long validToSecond = Long.MIN_VALUE;
    private long offsetSeconds;

    public DayClock(ZoneId zone) {
        this.rules = zone.getRules();
        if (rules.isFixedOffset()) {
            offsetSeconds = rules.getOffset(Instant.EPOCH).getTotalSeconds();
            validFromSecond = Long.MIN_VALUE;
            validToSecond = Long.MAX_VALUE;
        }
    }

    /** The epoch day, in this clock's zone, of an instant given in epoch microseconds. */
    public int epochDay(long tsMicros) {
        long second = Math.floorDiv(tsMicros, 1_000_000L);
        if (second < validFromSecond || second >= validToSecond) {
            refresh(second);
        }
        return (int) Math.floorDiv(second + offsetSeconds, SECONDS_PER_DAY);
    }

    private void refresh(long second) {
        Instant instant = Instant.ofEpochSecond(second);
        ZoneOffset offset = rules.getOffset(instant);
        offsetSeconds = offset.getTotalSeconds();
        ZoneOffsetTransition next = rules.nextTransition(instant);
        validToSecond = next == null ? Long.MAX_VALUE : next.toEpochSecond();
        ZoneOffsetTransition previous = rules.previousTransition(instant);
        long from = previous == null ? Long.MIN_VALUE : previous.toEpochSecond();
        // previousTransition may name the transition strictly before one that happens exactly now
        if (previous != null && !rules.getOffset(Instant.ofEpochSecond(from)).equals(offset)) {
            from = second;
        }
        validFromSecond = from;
    }
}
