/**
 * The baseline: the same events in an in-memory DuckDB, the same questions in SQL (checked against
 * the golden answers), and the JMH benchmark that times them.
 */
package io.daybit.bench.peer;
