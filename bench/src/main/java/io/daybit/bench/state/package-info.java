/**
 * Benchmark data: the profiles (data-gen configurations) and their events loaded into a dataset
 * once per JVM, shared by every benchmark of a run.
 */
package io.daybit.bench.state;
