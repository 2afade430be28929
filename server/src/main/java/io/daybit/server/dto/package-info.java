/**
 * The JSON shapes of the HTTP API (API.md), as immutable records serialised by Jackson with
 * {@code snake_case} names; each has a factory from the engine's result record. Days are ISO
 * strings, integers stay integers, averages are doubles, and a value that is undefined is written
 * as {@code null}, never left out.
 */
package io.daybit.server.dto;
