/**
 * Daybit's embeddable API: {@link io.daybit.engine.Engine} hosts named
 * {@link io.daybit.engine.Dataset}s; a dataset takes events and answers every dashboard query as
 * immutable records. Errors are {@link io.daybit.engine.DaybitException}s.
 */
package io.daybit.engine;
