/**
 * The columnar in-memory store of one dataset: a dense int id per account, per-day bitmaps of
 * accounts, per-day counters with prefix sums, and the order columns. Every class here is written by
 * the dataset's single writer thread and read by query threads under the dataset's read lock; none
 * is thread-safe on its own.
 */
package io.daybit.engine.store;
