package io.daybit.datagen.gen;

/** Told how a long generation run advances; called on the thread that runs the generation. */
@FunctionalInterface
public interface ProgressListener {
    /** Does nothing. */
    ProgressListener NONE = (lines, fraction) -> { };

    /**
     * After each day of output.
     *
     * @param lines    lines produced so far
     * @param fraction estimated share of the work done, 0–1 (days weighted by their expected activity)
     */
    void progress(long lines, double fraction);
}
