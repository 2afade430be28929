/**
 * Access control of the {@code /api} routes: bearer tokens read from a token file, each granting
 * a role on one dataset or on all, compared in constant time and never logged or echoed.
 */
package io.daybit.server.security;
