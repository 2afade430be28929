/**
 * Daybit's benchmarks: JMH benchmarks of every query and of ingest ({@code query}, {@code ingest}),
 * the data they run on ({@code state}), DuckDB side by side ({@code peer}) and HTTP load ({@code http}).
 * Run commands are in each benchmark's class comment.
 */
package io.daybit.bench;
