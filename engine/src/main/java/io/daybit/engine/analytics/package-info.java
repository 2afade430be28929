/**
 * RFM scoring, personas, transitions, segment members and retention cohorts (METRICS.md §5–6),
 * and their immutable result records.
 *
 * <p>Retention ({@link io.daybit.engine.analytics.RetentionQueries}) is computed from the store's
 * day bitmaps on each call. RFM is answered by a derived index per dataset
 * ({@link io.daybit.engine.analytics.RfmIndex}) over a timeline that sweeps every account's state
 * forward one day at a time and keeps each day's matrix and a log of cell changes
 * ({@code RfmTimeline}): because quantile thresholds depend on every customer of the day, that is
 * what makes a day's matrix a lookup instead of a pass over all accounts. The scoring rules
 * themselves are plain functions ({@code RfmScoring}).
 */
package io.daybit.engine.analytics;
