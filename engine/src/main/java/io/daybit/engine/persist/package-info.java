/**
 * Durability: what a persistent engine writes to its data directory and how it comes back.
 *
 * <p><b>Write-ahead.</b> Every accepted batch becomes one checksummed record in its dataset's
 * append-only {@link io.daybit.engine.persist.EventLog} (its accepted events in a compact binary
 * form, its idempotency key and its answer), forced to disk before the batch is applied and
 * answered. The writer thread prepares a whole group of queued batches first, so one fsync per
 * log covers them all (group commit).
 *
 * <p><b>Catalog.</b> {@link io.daybit.engine.persist.DataDirectory} keeps one directory per
 * dataset, created and deleted by atomic renames, and its settings in a file replaced atomically.
 *
 * <p><b>Index files.</b> A stored dataset's account dictionary (external id ↔ dense id) and its
 * order-id index (order id → order row, for duplicate detection) live off the heap in Chronicle
 * Map files in its directory ({@link io.daybit.engine.persist.MappedIndexes}): a restart opens them
 * as they are instead of reloading them, and snapshots carry only their counts. A small cache of
 * recently seen accounts keeps most lookups on the heap. A batch's new entries are written before
 * its log record, so a disk too full for them refuses the batch with nothing stored or applied.
 *
 * <p><b>Snapshots.</b> Every so often (and at a clean stop) the writer thread writes the
 * dataset's whole in-memory state to a {@link io.daybit.engine.persist.SnapshotFile} (each store
 * column writes itself through {@link io.daybit.engine.store.SnapshotOutput}; bitmaps in
 * RoaringBitmap's portable format), checksummed and renamed into place. The writer takes no lock
 * for it, so queries go on meanwhile. Two snapshots are kept, and the log segments older than the
 * second newest are deleted. The index files are forced to disk before each snapshot.
 *
 * <p><b>Recovery.</b> Opening the directory loads each dataset's newest intact snapshot (falling
 * back to the previous one when it is damaged or missing) and replays the log after it through the
 * dataset's normal apply path, restoring its idempotency keys too; index entries the replay meets
 * again keep their ids, and those of records a damaged log lost are dropped. A torn or corrupt tail (a crash
 * in mid-write) is detected by its checksum or numbering, logged and truncated; a write that fails
 * (disk full, a read-only directory) is rolled back, so nothing half-written is ever replayed, and
 * ingest answers {@link io.daybit.engine.UnavailableException} while queries keep working.
 *
 * <p><b>Formats and their versions.</b> Every file Daybit writes starts with an 8-byte magic and
 * a 4-byte format version; each layout is drawn once, in the class that writes it:
 *
 * <pre>
 * file                                   magic     version  layout drawn in
 * datasets/NAME/settings.bin             DAYBTSET  1        {@link io.daybit.engine.persist.SettingsFile}
 * datasets/NAME/log/LSN.log              DAYBTLOG  1        {@link io.daybit.engine.persist.EventLog} (segment, record),
 *                                                           {@link io.daybit.engine.persist.BatchRecord} (payload),
 *                                                           {@link io.daybit.engine.persist.EventCodec} (event)
 * datasets/NAME/snapshots/LSN.snap       DAYBTSNP  2        {@link io.daybit.engine.persist.SnapshotFile} (frame);
 *                                                           the body is the store columns' own writeTo, in order
 * datasets/NAME/indexes/*.cmap           Chronicle Map's own format (versioned by Chronicle Map)
 * </pre>
 *
 * A file whose checksum matches but whose version is not the one this build writes was written
 * by another Daybit version: loading stops with a message naming the file and both versions
 * ({@code UnsupportedFormatException}); it is never taken for damage, so it is neither skipped
 * in favour of an older snapshot nor dropped as a torn last segment. A file whose checksum does
 * not match is damage, handled as above. The files this build writes are kept in the tests
 * ({@code src/test/resources/stored-formats/}, checked by {@code StoredFormatsTest}): a change
 * to any layout must either read them with the same answers or refuse them by version, and then
 * bump the version and keep a directory of the new files beside the old.
 */
package io.daybit.engine.persist;
