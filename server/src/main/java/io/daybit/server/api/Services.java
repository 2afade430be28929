package io.daybit.server.api;

import io.daybit.engine.Engine;
import io.daybit.server.ops.ServerMetrics;
import io.daybit.server.security.AccessControl;

import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * What the handlers share.
 *
 * @param engine       the engine whose datasets the API serves
 * @param cache        answers of read-only queries
 * @param metrics      the server's meters
 * @param access       who may do what
 * @param maxBodyBytes the largest request body taken; larger ones get 413
 * @param ready        whether the data is loaded (the demo dataset may still be loading)
 * @param loading      whether the dataset of that name is still being loaded: it is not listed, and
 *                     every request on it answers 503 with {@code Retry-After}, never partial numbers
 */
public record Services(Engine engine, ResultCache cache, ServerMetrics metrics, AccessControl access,
                       long maxBodyBytes, BooleanSupplier ready, Predicate<String> loading) {
}
