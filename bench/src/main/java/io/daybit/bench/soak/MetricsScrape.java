package io.daybit.bench.soak;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one gauge of the soak dataset from the server's Prometheus text. */
final class MetricsScrape {
    private MetricsScrape() {
    }

    /** The value of {@code name{dataset="soak"}}, or null when absent. */
    static Double gauge(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*dataset=\"" + SoakStream.DATASET
                + "\"[^}]*\\} (\\S+)$").matcher(text);
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }
}
