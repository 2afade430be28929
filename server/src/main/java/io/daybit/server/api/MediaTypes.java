package io.daybit.server.api;

import io.daybit.server.error.HttpProblem;

import java.util.List;
import java.util.Locale;

/**
 * The one rule for every request body: its {@code Content-Type} must be one of the types the route
 * takes (compared without case and without parameters), and a {@code charset} parameter, when
 * given, must be UTF-8, the only encoding of JSON (RFC 8259). A missing or other type is 415,
 * before the body is read.
 */
final class MediaTypes {
    /** The type of the JSON bodies of the dataset and RFM routes. */
    static final List<String> JSON = List.of("application/json");
    /** The types {@code POST .../events} takes: NDJSON under its three names, or a JSON array. */
    static final List<String> EVENTS = List.of("application/x-ndjson", "application/ndjson", "application/jsonl",
            "application/json");

    private MediaTypes() {
    }

    /**
     * The request's media type, lower case and without parameters, when it is one of {@code taken}.
     *
     * @throws HttpProblem 415 naming the types taken otherwise
     */
    static String require(String contentType, List<String> taken, String what) {
        String header = contentType == null ? "" : contentType;
        String[] parts = header.split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!taken.contains(type)) {
            throw HttpProblem.unsupportedMediaType("Content-Type '" + header + "' is not taken: send " + what);
        }
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv[0].strip().equalsIgnoreCase("charset") && kv.length == 2
                    && !kv[1].strip().replace("\"", "").equalsIgnoreCase("utf-8")) {
                throw HttpProblem.unsupportedMediaType("Content-Type '" + header + "': bodies are read as UTF-8 only; "
                        + "send charset=utf-8 or no charset");
            }
        }
        return type;
    }
}
