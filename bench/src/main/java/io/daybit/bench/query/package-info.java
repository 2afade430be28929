/**
 * The questions the benchmarks ask ({@link io.daybit.bench.query.Question}), their seeded inputs,
 * the answers reduced for comparison with DuckDB, and the JMH benchmark of the engine's queries.
 */
package io.daybit.bench.query;
