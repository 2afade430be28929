/**
 * Errors as RFC 9457 problem details: the engine's exceptions and the server's own HTTP failures
 * mapped to one status each, written as {@code application/problem+json}. The engine knows nothing
 * of HTTP; this package is the only place where an exception becomes a status code.
 */
package io.daybit.server.error;
