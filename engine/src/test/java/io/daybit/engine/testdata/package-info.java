/**
 * Seeded test fixtures: generators of nasty random event lists, arrival orders and batchings.
 */
package io.daybit.engine.testdata;
