package io.daybit.engine.analytics;

/** One of the 27 (R, F, M) cells, its persona and its number of customers. */
public record RfmCell(int r, int f, int m, String persona, long customers) {
}
