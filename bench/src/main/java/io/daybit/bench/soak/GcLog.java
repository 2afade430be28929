package io.daybit.bench.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap after each collection, from a unified GC log written with {@code -Xlog:gc:file=F:utctime}:
 * lines such as {@code [2026-12-03T19:00:00.123+0000] GC(7) Pause Young (Normal) (G1 Evacuation
 * Pause) 45M->12M(128M) 3.210ms}; the figure after the arrow is the heap in use once the pause ended.
 */
final class GcLog {
    private static final Pattern LINE = Pattern.compile(
            "^\\[([^\\]]+)\\].*?GC\\(\\d+\\) (.*?) (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private GcLog() {
    }

    /** One collection: when it ended (epoch ms), what kind, the heap after it. */
    record Collection(long epochMillis, String kind, long afterBytes) {
    }

    static List<Collection> read(Path log) throws IOException {
        List<Collection> out = new ArrayList<>();
        if (!Files.exists(log)) {
            return out;
        }
        for (String line : Files.readAllLines(log)) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                long t = OffsetDateTime.parse(m.group(1), UTC).toInstant().toEpochMilli();
                out.add(new Collection(t, m.group(2), bytes(m.group(5), m.group(6))));
            }
        }
        return out;
    }

    private static long bytes(String n, String unit) {
        long v = Long.parseLong(n);
        return switch (unit) {
            case "K" -> v << 10;
            case "M" -> v << 20;
            default -> v << 30;
        };
    }
}
