/**
 * The brute-force reference model of shared/METRICS.md: plain scans over the raw event list that
 * the engine's fast paths are checked against.
 */
package io.daybit.engine.reference;
