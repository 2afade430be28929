/**
 * The HTTP API of API.md: one handler class per resource. Each handler parses and validates its
 * parameters into the engine's types ({@link io.daybit.server.api.QueryParams},
 * {@link io.daybit.server.api.Bodies}), makes one call of the engine's Java API, and writes the
 * result as JSON; no metric is computed here. {@link io.daybit.server.api.Routes} is the table of
 * every route, the one the server registers and the OpenAPI test checks.
 */
package io.daybit.server.api;
