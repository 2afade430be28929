package io.daybit.server.api;

import io.daybit.server.security.AccessControl;
import io.javalin.http.Context;

/** A route's handler, given the request and its authenticated caller. */
@FunctionalInterface
public interface ApiHandler {
    void handle(Context ctx, AccessControl.Caller caller) throws Exception;
}
