/** JMH benchmarks of the engine's queries, in-process. */
package io.daybit.bench.query;
