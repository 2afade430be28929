/**
 * Immutable values of the engine's public API: the seven event types of METRICS.md §2 and their
 * enumerations. Every enum knows its wire name (the string used in NDJSON and JSON).
 */
package io.daybit.engine.model;
