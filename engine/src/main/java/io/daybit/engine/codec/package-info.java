/**
 * The NDJSON / JSON event codec shared by every module: strict decoding with a precise reason for
 * each rejected event (METRICS.md §2), and encoding of events back to NDJSON.
 */
package io.daybit.engine.codec;
