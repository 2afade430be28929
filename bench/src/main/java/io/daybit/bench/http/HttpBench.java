package io.daybit.bench.http;

import io.daybit.bench.state.BenchData;
import io.daybit.bench.state.Profile;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The server's main routes under concurrent load on 127.0.0.1, next to a trivial Javalin route
 * (a constant JSON object, same Jetty, same machine) that is the ceiling of requests per second.
 * "new range" runs ask a different range on every request, so the server's answer cache cannot
 * serve them; "repeated" runs ask one URL again and again, as dashboards that refresh do.
 */
public final class HttpBench {
    private static final byte[] TRIVIAL = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    private final String host;
    private final int port;
    private final Profile profile;
    private final int connections;
    private final double warmupSeconds;
    private final double seconds;
    private final HttpLoad load;
    private final List<String> skipped = new ArrayList<>();

    /**
     * @param port the Daybit server's port; its engine holds the dataset {@value BenchData#NAME}
     */
    public HttpBench(String host, int port, Profile profile, int connections, double warmupSeconds,
                     double seconds) {
        this.host = host;
        this.port = port;
        this.profile = profile;
        this.connections = connections;
        this.warmupSeconds = warmupSeconds;
        this.seconds = seconds;
        this.load = new HttpLoad(host, port, connections, warmupSeconds, seconds);
    }

    /** Routes left out because the server did not answer them with 200 (e.g. not implemented yet). */
    public List<String> skipped() {
        return skipped;
    }

    /** Runs every Daybit route, then the trivial route (last, so that Jetty is as warm for it); one result each. */
    public List<HttpLoad.Result> run() throws Exception {
        List<HttpLoad.Result> results = new ArrayList<>();
        String base = "/api/v1/datasets/" + BenchData.NAME;
        String today = "&today=" + Profile.END;
        LocalDate first = profile.first();
        int days = profile.days();
        Function<SplittableRandom, String> newRange = r -> {
            int n = 1 + r.nextInt(Math.min(365, days));
            LocalDate from = first.plusDays(r.nextInt(days - n + 1));
            return "?from=" + from + "&to=" + from.plusDays(n - 1L) + today;
        };
        LocalDate last30 = Profile.END.minusDays(29);
        String fixed = "?from=" + last30 + "&to=" + Profile.END + today;
        add(results, "hub/overview, new range per request", r -> base + "/hub/overview" + newRange.apply(r));
        add(results, "hub/overview, repeated (30 days)", r -> base + "/hub/overview" + fixed);
        add(results, "purchases consent=with&channel=web, new range per request",
                r -> base + "/purchases" + newRange.apply(r) + "&consent=with&channel=web");
        add(results, "purchases, repeated (30 days)", r -> base + "/purchases" + fixed);
        add(results, "rfm as of a random day", r -> base + "/rfm?as_of=" + first.plusDays(r.nextInt(days)) + today);
        add(results, "rfm as of today, repeated", r -> base + "/rfm?as_of=" + Profile.END + today);
        Javalin trivial = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.host = host;
            cfg.jetty.port = 0;
            cfg.routes.addHttpHandler(HandlerType.GET, "/trivial",
                    ctx -> ctx.contentType("application/json").result(TRIVIAL));
        }).start();
        try {
            results.add(new HttpLoad(host, trivial.port(), connections, warmupSeconds, seconds)
                    .run("trivial javalin route (ceiling)", r -> "/trivial"));
        } finally {
            trivial.stop();
        }
        return results;
    }

    private void add(List<HttpLoad.Result> results, String route, Function<SplittableRandom, String> paths)
            throws InterruptedException, IOException {
        String probe = paths.apply(new SplittableRandom(1));
        int status = probe(probe);
        if (status != 200) {
            skipped.add(route + " (GET " + probe + " answered " + status + ")");
            return;
        }
        results.add(load.run(route, paths));
    }

    private int probe(String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://" + host + ":" + port + path).toURL()
                .openConnection();
        try {
            int status = c.getResponseCode();
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            return status;
        } finally {
            c.disconnect();
        }
    }
}
