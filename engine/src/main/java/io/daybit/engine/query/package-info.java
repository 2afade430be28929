/**
 * The query side: the time model of METRICS.md §1 (ranges, presets, comparison periods, a pinned
 * today) and the immutable result records every query returns.
 */
package io.daybit.engine.query;
