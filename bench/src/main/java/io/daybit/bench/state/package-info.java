/** Benchmark data: datasets built once per JMH trial and shared by the benchmarks. */
package io.daybit.bench.state;
