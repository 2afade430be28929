/**
 * The single-writer ingest path: batches submitted from any number of threads go through one
 * queue to one writer thread, which checks duplicates and applies each batch atomically under the
 * dataset's write lock.
 */
package io.daybit.engine.ingest;
