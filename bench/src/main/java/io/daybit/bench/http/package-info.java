/**
 * HTTP load: a closed-loop keep-alive load generator, and the run of the server's main routes next
 * to a trivial Javalin route on the same machine.
 */
package io.daybit.bench.http;
