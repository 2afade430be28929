package io.daybit.engine.persist;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.EngineConfig;
import io.daybit.engine.codec.EventEncoder;
import io.daybit.engine.model.Event;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * Writes the data directory that {@code StoredFormatsTest} loads: what this build stores, kept
 * under {@code src/test/resources/stored-formats/NAME/} so that every later build is checked
 * against it. Run it only when a format's version changes (then keep the old directory too, or
 * say in the test why it is refused), from the repository root:
 *
 * <pre>
 * mvn -q -pl engine test-compile
 * java $(JVM flags of the root pom's daybit.jvm.flags) -cp engine/target/test-classes:engine/target/classes:$(deps) \
 *      io.daybit.engine.persist.StoredFiles engine/src/test/resources/stored-formats/snapshot-v2-log-v1
 * </pre>
 *
 * What it holds: dataset {@value #DATASET} (Europe/Stockholm, 48 h window, default RFM) with the
 * {@value #EVENTS} events of {@code events.ndjson} (every event type), ingested in two sessions of
 * batches of 10 with idempotency keys; each session ended with a clean stop, so {@code data/}
 * holds two snapshots, the log segments after the older one (small segments: several), the
 * settings and the index files. {@code answers.txt} records every answer of
 * {@link EngineAnswers} on it, one per line.
 */
final class StoredFiles {
    static final String DATASET = "shop";
    static final int EVENTS = 600;
    static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
    static final long ANSWERS_SEED = 20_261_203L;

    private StoredFiles() {
    }

    static EngineConfig config(Path data) {
        return EngineConfig.persistent(data).withExpectedSize(1_000, 1_000).withSegmentBytes(4096)
                .withMinFreeDiskBytes(0);
    }

    static DatasetSettings settings() {
        return DatasetSettings.defaults().withTimezone(ZONE).withAttributionWindowHours(48);
    }

    /** The answers file's text for a loaded dataset. */
    static String answers(Dataset d) {
        LocalDate first = d.info().firstDay();
        LocalDate last = d.info().lastDay();
        StringBuilder out = new StringBuilder();
        for (Object answer : EngineAnswers.of(d, first, last, ANSWERS_SEED)) {
            out.append(sortedMaps(String.valueOf(answer))).append('\n');
        }
        return out.toString();
    }

    /**
     * A record's text with the entries of every map in it ({@code {k=v, k=v}}) sorted: hash maps
     * print in an order that may differ between runs.
     */
    static String sortedMaps(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '{') {
                out.append(c);
                i++;
                continue;
            }
            int end = closing(text, i);
            List<String> entries = new java.util.ArrayList<>();
            int depth = 0;
            int start = i + 1;
            for (int j = i + 1; j < end; j++) {
                char d = text.charAt(j);
                if (d == '{' || d == '[' || d == '(') {
                    depth++;
                } else if (d == '}' || d == ']' || d == ')') {
                    depth--;
                } else if (depth == 0 && d == ',' && j + 1 < end && text.charAt(j + 1) == ' ') {
                    entries.add(sortedMaps(text.substring(start, j)));
                    start = j + 2;
                }
            }
            if (end > i + 1) {
                entries.add(sortedMaps(text.substring(start, end)));
            }
            entries.sort(null);
            out.append('{').append(String.join(", ", entries)).append('}');
            i = end + 1;
        }
        return out.toString();
    }

    private static int closing(String text, int open) {
        int depth = 0;
        for (int j = open; j < text.length(); j++) {
            char d = text.charAt(j);
            if (d == '{' || d == '[' || d == '(') {
                depth++;
            } else if (d == '}' || d == ']' || d == ')') {
                depth--;
                if (depth == 0) {
                    return j;
                }
            }
        }
        throw new IllegalArgumentException("unbalanced braces in " + text);
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        if (Files.exists(out)) {
            throw new IllegalArgumentException(out + " exists: keep what older builds wrote, write a new directory");
        }
        List<Event> events = SampleEvents.first(EVENTS);
        Path data = out.resolve("data");
        int half = EVENTS / 2;
        try (Engine e = Engine.open(config(data))) {
            ingest(e.createDataset(DATASET, settings()), events.subList(0, half), 0);
        }
        String answers;
        try (Engine e = Engine.open(config(data))) {
            Dataset d = e.dataset(DATASET);
            ingest(d, events.subList(half, EVENTS), half);
            answers = answers(d);
        }
        ByteArrayOutputStream ndjson = new ByteArrayOutputStream();
        try (EventEncoder enc = new EventEncoder(ndjson, ZONE)) {
            events.forEach(enc::write);
        }
        Files.write(out.resolve("events.ndjson"), ndjson.toByteArray());
        Files.writeString(out.resolve("answers.txt"), answers, StandardCharsets.UTF_8);
    }

    private static void ingest(Dataset d, List<Event> events, int offset) {
        for (int at = 0; at < events.size(); at += 10) {
            d.ingest(events.subList(at, Math.min(events.size(), at + 10)), "batch-" + (offset + at));
        }
    }
}
