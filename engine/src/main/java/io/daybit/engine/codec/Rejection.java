package io.daybit.engine.codec;

/**
 * An event that was not applied, with the reason.
 *
 * @param line  1-based line number in the batch (NDJSON line, or array index + 1)
 * @param error what was wrong, naming the field or value
 */
public record Rejection(int line, String error) {
}
