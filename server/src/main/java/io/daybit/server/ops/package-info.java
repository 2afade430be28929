/**
 * Operations: Prometheus metrics through Micrometer (requests per route, ingest, dataset sizes,
 * the answer cache, JVM memory).
 */
package io.daybit.server.ops;
