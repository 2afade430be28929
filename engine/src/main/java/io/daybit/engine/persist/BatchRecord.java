package io.daybit.engine.persist;

import io.daybit.engine.codec.Rejection;
import io.daybit.engine.ingest.IngestResult;
import io.daybit.engine.model.Event;

import java.util.ArrayList;
import java.util.List;

/**
 * A log record of one batch: the events it applied, its idempotency key and the answer its client
 * got, so that replaying the log rebuilds both the data and the memory of answered keys.
 *
 * <pre>
 * payload := wallClockMillis:i64  key:str?  rejections:varint (line:varint error:str)*
 *            events:varint event*            (event: see {@link EventCodec})
 * </pre>
 *
 * The answer's {@code accepted} count is the number of events: only accepted events are logged,
 * so replay applies each of them without checking it again.
 *
 * @param lsn             the record's sequence number in its dataset's log
 * @param wallClockMillis when the batch was written, for operators reading a log
 * @param key             the idempotency key, or null
 * @param result          the answer the batch got
 * @param events          the accepted events, in the order they were applied
 */
record BatchRecord(long lsn, long wallClockMillis, String key, IngestResult result, List<Event> events) {
    /** The kind byte of a batch record. */
    static final int KIND = 1;

    /** Encodes a batch's payload into a record begun with {@link EventLog#begin(int)}. */
    static void write(BinaryWriter w, long wallClockMillis, String key, List<Rejection> rejected,
                      List<? extends Event> events) {
        w.putLong(wallClockMillis);
        w.putString(key);
        w.putVarint(rejected.size());
        for (Rejection r : rejected) {
            w.putVarint(r.line());
            w.putString(r.error());
        }
        w.putVarint(events.size());
        for (int i = 0, n = events.size(); i < n; i++) {
            EventCodec.write(w, events.get(i));
        }
    }

    /** Decodes a batch payload. */
    static BatchRecord read(long lsn, BinaryReader r) {
        long wallClock = r.getLong();
        String key = r.getString();
        int rejections = r.getCount(2);
        List<Rejection> rejected = new ArrayList<>(rejections);
        for (int i = 0; i < rejections; i++) {
            rejected.add(new Rejection(r.getVarint(), r.getString()));
        }
        int n = r.getCount(11);
        List<Event> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(EventCodec.read(r));
        }
        if (r.remaining() != 0) {
            throw new CorruptDataException("record " + lsn + " has " + r.remaining() + " bytes after its events");
        }
        return new BatchRecord(lsn, wallClock, key, new IngestResult(n, rejected), events);
    }
}
