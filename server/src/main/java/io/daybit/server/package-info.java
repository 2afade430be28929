/**
 * The Daybit HTTP server: the command line ({@link io.daybit.server.Main}) and the server that
 * wires the engine, the HTTP API, access control, metrics and the dashboard page together
 * ({@link io.daybit.server.DaybitServer}).
 */
package io.daybit.server;
