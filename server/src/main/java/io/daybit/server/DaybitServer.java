package io.daybit.server;

import io.daybit.engine.Engine;
import io.daybit.server.api.AllowedMethods;
import io.daybit.server.api.ResultCache;
import io.daybit.server.api.Routes;
import io.daybit.server.api.Services;
import io.daybit.server.demo.DemoData;
import io.daybit.server.dto.Json;
import io.daybit.server.error.HttpProblem;
import io.daybit.server.error.ProblemMapper;
import io.daybit.server.ops.Admission;
import io.daybit.server.ops.ServerMetrics;
import io.daybit.server.security.AccessControl;
import io.daybit.server.security.Role;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.router.EndpointNotFound;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A running Daybit server: the engine, the HTTP API of API.md over Javalin, access control,
 * metrics and the dashboard page. {@link #start} returns once the server listens; the demo
 * dataset, if asked for, is then generated in the background: until it is complete
 * {@code /health} answers {@code loading} (503), the dataset is not listed, and every request on
 * it answers 503 with {@code Retry-After}.
 */
public final class DaybitServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DaybitServer.class);
    /** The request attribute holding the route template, for the request metrics. */
    private static final String ROUTE_ATTRIBUTE = "daybit.route";

    private final Engine engine;
    private final ServerMetrics metrics;
    private final ResultCache cache;
    private final List<Routes.Route> routes;
    private final Javalin app;
    private final String host;
    /**
     * Datasets being loaded in the background: hidden from the list, 503 to every request. The
     * server is ready when it is empty: one variable, so that no request sees the health and the
     * dataset disagree.
     */
    private final Set<String> loading = ConcurrentHashMap.newKeySet();
    private final Thread demoLoader;
    private final Admission admission;
    private final long maxBodyBytes;

    private DaybitServer(ServerOptions options, AccessControl access) {
        this.host = options.host();
        this.engine = Engine.open(options.engineConfig());
        this.metrics = new ServerMetrics(engine);
        this.admission = new Admission(options.capacity());
        this.maxBodyBytes = options.maxBodyBytes();
        this.cache = new ResultCache(options.cacheEntries(), options.cacheBytes(), metrics::cache);
        Services services = new Services(engine, cache, metrics, access, options.maxBodyBytes(), this::ready,
                loading::contains);
        this.routes = Routes.all(services);
        AllowedMethods allowedMethods = new AllowedMethods(routes);
        AccessControl.Caller anyone = AccessControl.open().authenticate(null);
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.host = options.host();
            cfg.jetty.port = options.port();
            cfg.jetty.threadPool = threadPool(options.capacity());
            cfg.jetty.modifyServer(server -> server.addBean(
                    new NetworkConnectionLimit(options.capacity().connections(), server)));
            cfg.http.maxRequestSize = options.maxBodyBytes();
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            PageAssets.register(cfg);
            for (Routes.Route r : routes) {
                cfg.routes.addHttpHandler(r.method(), r.path(), guarded(r, access, anyone));
            }
            // unknown routes and anything that escapes a handler still answer problem+json
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> {
                Set<String> allowed = e instanceof EndpointNotFound ? allowedMethods.on(ctx.path()) : Set.of();
                if (allowed.isEmpty()) {
                    ProblemMapper.write(ctx, e);
                } else {
                    ctx.header("Allow", String.join(", ", allowed));
                    ProblemMapper.write(ctx, HttpProblem.methodNotAllowed(ctx.method().name() + " is not served on "
                            + ctx.path() + "; it takes " + String.join(", ", allowed)));
                }
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> ProblemMapper.write(ctx, e));
            cfg.requestLogger.http(this::recordRequest);
        });
        if (options.demo()) {
            loading.add(DemoData.NAME);
            demoLoader = new Thread(this::loadDemo, "daybit-demo-loader");
            demoLoader.setDaemon(true);
        } else {
            demoLoader = null;
        }
    }

    /**
     * Starts a server and returns once it listens.
     *
     * @throws IllegalArgumentException when the options are refused (a public host without a token
     *                                  file, a malformed token file)
     * @throws io.daybit.engine.DaybitException when the data directory cannot be opened or loaded
     */
    public static DaybitServer start(ServerOptions options) throws IOException {
        AccessControl access = options.tokenFile() == null ? AccessControl.open()
                : AccessControl.fromFile(options.tokenFile());
        if (!access.enabled() && !options.insecure() && !isLoopback(options.host())) {
            throw new IllegalArgumentException("refusing to listen on " + options.host() + " without access "
                    + "control: give --token-file F, or --insecure to let anyone who can reach it read and "
                    + "change every dataset");
        }
        DaybitServer server = new DaybitServer(options, access);
        server.app.start();
        if (server.demoLoader != null) {
            server.demoLoader.start();
        }
        return server;
    }

    /** The port the server listens on (the chosen one when started with port 0). */
    public int port() {
        return app.port();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:7070}. */
    public String url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port();
    }

    /** The engine behind the API, for embedding and tests. */
    public Engine engine() {
        return engine;
    }

    /** Every route served. */
    public List<Routes.Route> routes() {
        return routes;
    }

    /** Whether the data is loaded (false while the demo dataset is being generated). */
    public boolean ready() {
        return loading.isEmpty();
    }

    /** Stops serving, then the engine. */
    @Override
    public void close() {
        app.stop();
        if (demoLoader != null) {
            demoLoader.interrupt();
        }
        engine.close();
        metrics.close();
    }

    /**
     * Jetty's workers: a bounded pool. Its queue of jobs is bounded by the connections it may hold
     * ({@link NetworkConnectionLimit}), not by a size of its own: Jetty would drop its own internal
     * jobs from a full queue. {@link Admission} refuses API requests well before the pool runs out.
     */
    private static QueuedThreadPool threadPool(ServerOptions.Capacity capacity) {
        QueuedThreadPool pool = new QueuedThreadPool(capacity.threads(), Math.min(8, capacity.threads()), 60_000);
        pool.setName("daybit-http");
        return pool;
    }

    private Handler guarded(Routes.Route route, AccessControl access, AccessControl.Caller anyone) {
        String path = route.path();
        return ctx -> {
            ctx.attribute(ROUTE_ATTRIBUTE, path);
            try {
                AccessControl.Caller caller;
                switch (route.access()) {
                    case PUBLIC:
                        caller = anyone;
                        break;
                    case ANY_TOKEN:
                        caller = access.authenticate(ctx.header("Authorization"));
                        break;
                    default:
                        caller = access.authenticate(ctx.header("Authorization"));
                        caller.require(ctx.pathParam("ds"), route.role());
                        break;
                }
                if (route.access() == Routes.Access.PUBLIC) {
                    // the page, health, metrics and the API description: cheap, and needed most under load
                    route.handler().handle(ctx, caller);
                    return;
                }
                Admission.Ticket ticket = admit(route, ctx);
                try {
                    route.handler().handle(ctx, caller);
                } finally {
                    ticket.close();
                }
            } catch (Exception e) {
                ProblemMapper.write(ctx, e);
            }
        };
    }

    /**
     * A place for the request among those served at once, or a refusal: 429 for ingest (nothing of
     * the batch read or applied), 503 for anything else.
     */
    private Admission.Ticket admit(Routes.Route route, Context ctx) {
        if (route.role() == Role.INGEST) {
            long declared = ctx.req().getContentLengthLong();
            Admission.Ticket ticket = admission.admitIngest(declared >= 0 ? declared : maxBodyBytes);
            if (ticket == null) {
                throw HttpProblem.tooManyRequests("ingest arrives faster than the server takes it; nothing of the "
                        + "batch was applied: retry after Retry-After seconds with the same Idempotency-Key");
            }
            return ticket;
        }
        Admission.Ticket ticket = admission.admitQuery();
        if (ticket == null) {
            throw HttpProblem.unavailable("the server is serving as many requests as it can; retry after "
                    + "Retry-After seconds");
        }
        return ticket;
    }

    private void recordRequest(Context ctx, Float millis) {
        String route = ctx.attribute(ROUTE_ATTRIBUTE);
        if (route == null) {
            route = ctx.statusCode() == 404 ? "unmatched" : "static";
        }
        metrics.request(ctx.method().name(), route, ctx.statusCode(), (long) (millis * 1_000_000.0));
    }

    private void loadDemo() {
        try {
            if (engine.findDataset(DemoData.NAME).isPresent()) {
                LOG.info("the demo dataset is already in the data directory");
                return;
            }
            long t0 = System.nanoTime();
            DemoData.load(engine);
            LOG.info("demo dataset ready in {} ms", (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.error("the demo dataset could not be generated", e);
        } finally {
            loading.remove(DemoData.NAME);
        }
    }

    private static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + host + "'", e);
        }
    }
}
