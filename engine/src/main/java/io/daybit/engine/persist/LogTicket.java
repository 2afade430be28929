package io.daybit.engine.persist;

/**
 * A batch's record in its dataset's log, appended but perhaps not yet forced to disk: pass it to
 * {@link DatasetJournal#sync} before applying the batch.
 *
 * @param lsn   the record's sequence number
 * @param epoch the log's count of failed writes when it was appended: a later failure that threw
 *              away unforced records changes it, and the ticket is then void
 */
public record LogTicket(long lsn, long epoch) {
}
