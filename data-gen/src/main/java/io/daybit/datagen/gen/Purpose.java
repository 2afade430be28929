package io.daybit.datagen.gen;

/**
 * The purposes randomness is drawn for, each its own stream under the seed: adding a draw for one
 * purpose never shifts the draws of another, so e.g. turning on invalid lines leaves the valid
 * events exactly as they were.
 */
final class Purpose {
    static final int CATALOG = 1;
    static final int ACCOUNT = 2;
    static final int ACTIVE = 3;
    static final int DAY = 4;
    static final int EMIT = 5;
    static final int INVALID = 6;

    private Purpose() {
    }
}
