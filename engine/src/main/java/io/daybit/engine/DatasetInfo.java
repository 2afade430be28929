package io.daybit.engine;

import java.time.LocalDate;

/**
 * A dataset's name, settings and size.
 *
 * @param accounts distinct account ids of accepted events, guests included
 * @param events   accepted events
 * @param firstDay day of the earliest accepted event, or null when there is none
 * @param lastDay  day of the latest accepted event, or null when there is none
 */
public record DatasetInfo(String name, DatasetSettings settings, long accounts, long events,
                          LocalDate firstDay, LocalDate lastDay) {
}
