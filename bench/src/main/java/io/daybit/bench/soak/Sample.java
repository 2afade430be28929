package io.daybit.bench.soak;

/**
 * One probe of the server process, every few seconds of the run.
 *
 * @param epochMillis  when
 * @param life         which start of the server (1, then 2 after the restart)
 * @param fds          open file descriptors, null while the server is down
 * @param threads      threads, null while down
 * @param rssBytes     resident memory, null while down
 * @param storeBytes   the engine's estimate of the dataset's size ({@code daybit_dataset_bytes}), null if not scraped
 * @param events       the dataset's events ({@code daybit_dataset_events}), null if not scraped
 * @param segments     log segment files in the data directory
 * @param snapshots    snapshot files in the data directory
 */
record Sample(long epochMillis, int life, Integer fds, Integer threads, Long rssBytes, Double storeBytes,
              Double events, int segments, int snapshots) {
}
