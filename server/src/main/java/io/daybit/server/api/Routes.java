package io.daybit.server.api;

import io.daybit.server.security.Role;
import io.javalin.http.HandlerType;

import java.util.List;

/**
 * Every route of the server, in one table: the server registers exactly these, and a test checks
 * that {@code openapi.json} describes exactly these.
 */
public final class Routes {
    /** The prefix of the API. */
    public static final String API = "/api/v1";
    private static final String DS = API + "/datasets/{ds}";

    /** Who may call a route. */
    public enum Access {
        /** Anyone, also when tokens are configured. */
        PUBLIC,
        /** Any valid token (the answer shows only what the token may read). */
        ANY_TOKEN,
        /** A token with the route's role on the dataset of the path (or of the body). */
        DATASET
    }

    /**
     * One route.
     *
     * @param method  the HTTP method
     * @param path    Javalin's path template, which is also OpenAPI's
     * @param access  who may call it
     * @param role    the role needed on the dataset when {@code access} is {@link Access#DATASET}
     * @param handler what answers it
     */
    public record Route(HandlerType method, String path, Access access, Role role, ApiHandler handler) {
    }

    private Routes() {
    }

    /** Every route, with its handler. */
    public static List<Route> all(Services services) {
        DatasetsApi datasets = new DatasetsApi(services);
        IngestApi ingest = new IngestApi(services);
        HubApi hub = new HubApi(services);
        BusinessApi business = new BusinessApi(services);
        RfmApi rfm = new RfmApi(services);
        RetentionApi retention = new RetentionApi(services);
        OpsApi ops = new OpsApi(services);
        return List.of(
                open(HandlerType.GET, "/", ops::page),
                open(HandlerType.GET, "/health", ops::health),
                open(HandlerType.GET, "/metrics", ops::metrics),
                open(HandlerType.GET, "/openapi.json", ops::openapi),
                new Route(HandlerType.GET, API + "/datasets", Access.ANY_TOKEN, Role.READ, datasets::list),
                // the dataset is named in the body: the handler checks the role once it has read it
                new Route(HandlerType.POST, API + "/datasets", Access.ANY_TOKEN, Role.ADMIN, datasets::create),
                scoped(HandlerType.GET, DS, Role.READ, datasets::show),
                scoped(HandlerType.DELETE, DS, Role.ADMIN, datasets::delete),
                scoped(HandlerType.PUT, DS + "/rfm", Role.ADMIN, datasets::putRfm),
                scoped(HandlerType.POST, DS + "/events", Role.INGEST, ingest::events),
                scoped(HandlerType.GET, DS + "/hub/overview", Role.READ, hub::overview),
                scoped(HandlerType.GET, DS + "/hub/service-interactions", Role.READ, hub::serviceInteractions),
                scoped(HandlerType.GET, DS + "/hub/aov", Role.READ, hub::aov),
                scoped(HandlerType.GET, DS + "/users/overview", Role.READ, business::usersOverview),
                scoped(HandlerType.GET, DS + "/purchases", Role.READ, business::purchases),
                scoped(HandlerType.GET, DS + "/stores", Role.READ, business::stores),
                scoped(HandlerType.GET, DS + "/rfm", Role.READ, rfm::rfm),
                scoped(HandlerType.GET, DS + "/rfm/transitions", Role.READ, rfm::transitions),
                scoped(HandlerType.GET, DS + "/rfm/members", Role.READ, rfm::members),
                scoped(HandlerType.GET, DS + "/retention", Role.READ, retention::retention));
    }

    private static Route open(HandlerType method, String path, ApiHandler handler) {
        return new Route(method, path, Access.PUBLIC, null, handler);
    }

    private static Route scoped(HandlerType method, String path, Role role, ApiHandler handler) {
        return new Route(method, path, Access.DATASET, role, handler);
    }
}
