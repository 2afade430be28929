package io.daybit.server.api;

import io.javalin.http.HandlerType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which methods the route table serves on a concrete path, so that a known path asked with another
 * method answers 405 with {@code Allow} rather than 404.
 */
public final class AllowedMethods {
    private record Template(Pattern path, HandlerType method) {
    }

    /** The order of methods in {@code Allow}. */
    private static final List<String> ORDER = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final List<Template> templates = new ArrayList<>();

    public AllowedMethods(List<Routes.Route> routes) {
        for (Routes.Route r : routes) {
            // a path parameter such as {ds} is one non-empty segment
            String regex = Pattern.quote(r.path()).replaceAll("\\{[a-z_]+}", "\\\\E[^/]+\\\\Q");
            templates.add(new Template(Pattern.compile(regex), r.method()));
        }
    }

    /** The methods served on {@code path}, reads first (GET, POST, PUT, DELETE); empty for an unknown path. */
    public Set<String> on(String path) {
        Set<String> methods = new TreeSet<>(Comparator.comparingInt(AllowedMethods::rank));
        for (Template t : templates) {
            if (t.path.matcher(path).matches()) {
                methods.add(t.method.name());
            }
        }
        return methods;
    }

    private static int rank(String method) {
        // every method of the route table is in ORDER
        return ORDER.indexOf(method);
    }
}
