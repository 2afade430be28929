/**
 * The soak run ({@code bench/run.sh soak [minutes]}): the packaged server in its own process with a
 * data directory, a steady ingest client and several query clients in processes of their own,
 * snapshots and log-segment rolls, a {@code kill -9} and restart in the middle; per minute heap after
 * GC, open files, threads and latencies; at the end every acknowledged batch checked to be there once
 * and the answers checked equal to an in-memory server fed the same batches.
 */
package io.daybit.bench.soak;
