/**
 * Operations: Prometheus metrics through Micrometer (requests per route, ingest, dataset sizes,
 * the answer cache, JVM memory), and admission: how many requests are served at once before the
 * server refuses more with 429 or 503.
 */
package io.daybit.server.ops;
