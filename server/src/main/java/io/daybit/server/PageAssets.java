package io.daybit.server;

import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The files of the dashboard page besides {@code /} itself: its scripts and styles
 * ({@code /assets/...}, the classpath folder {@code web/assets}) and ECharts
 * ({@code /vendor/echarts/echarts.min.js}, from the mvnpm jar). Everything the page loads comes
 * from the server: nothing is fetched from elsewhere at run time.
 */
final class PageAssets {
    /** Where the page's scripts and styles are served from. */
    static final String ASSETS_PATH = "/assets";
    private static final String ASSETS_RESOURCES = "/web/assets";
    /** The path of the ECharts bundle the page loads. */
    static final String ECHARTS_PATH = "/vendor/echarts/echarts.min.js";
    /** The bundle in the mvnpm jar: keep the version in step with the pom's {@code echarts.version}. */
    private static final String ECHARTS_RESOURCE = "/META-INF/resources/_static/echarts/6.0.0/dist/echarts.min.js";

    private PageAssets() {
    }

    /**
     * Adds the page's files to a server's configuration. The ECharts bundle is served by a handler
     * of its own, not as a static folder: the mvnpm jar has no folder entries, which Javalin's
     * classpath folders need.
     */
    static void register(JavalinConfig cfg) {
        cfg.staticFiles.add(files -> {
            files.hostedPath = ASSETS_PATH;
            files.directory = ASSETS_RESOURCES;
            files.location = Location.CLASSPATH;
        });
        byte[] echarts = resource(ECHARTS_RESOURCE);
        cfg.routes.addHttpHandler(HandlerType.GET, ECHARTS_PATH,
                ctx -> ctx.contentType("text/javascript; charset=utf-8").result(echarts));
    }

    private static byte[] resource(String name) {
        try (InputStream in = PageAssets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + ": is the echarts version of the pom "
                        + "the one named in PageAssets?");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
