/**
 * RFM scoring, personas, transitions, segment members and retention cohorts (METRICS.md §5–6):
 * computations over the store's primitive columns, and their immutable result records.
 */
package io.daybit.engine.analytics;
