package io.daybit.engine.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.daybit.engine.codec.BatchReader;
import io.daybit.engine.codec.DecodedLine;
import io.daybit.engine.codec.EventEncoder;
import io.daybit.engine.model.Event;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout every kept random case shares: one JSON header line (the case's settings, its batch
 * sizes and its queries), then its events as NDJSON in arrival order. The case classes fill and
 * read their own header fields; this class writes and splits the rest.
 */
record CaseFile(JsonNode header, List<List<Event>> batches) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A header holding the batch sizes, for the caller to add its own fields to. */
    static ObjectNode header(List<List<Event>> batches) {
        ObjectNode h = JSON.createObjectNode();
        ArrayNode sizes = h.putArray("batches");
        batches.forEach(b -> sizes.add(b.size()));
        return h;
    }

    /** The file: the header line, then the batches' events as NDJSON in the zone's offsets. */
    static String write(ObjectNode header, ZoneId zone, List<List<Event>> batches) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EventEncoder enc = new EventEncoder(out, zone)) {
            for (List<Event> batch : batches) {
                for (Event e : batch) {
                    enc.write(e);
                }
            }
        }
        return header + "\n" + out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Reads a file written by {@link #write}: its header, and its events cut into the batches the
     * header names.
     *
     * @throws IllegalArgumentException when a line is not a valid event or the sizes do not add up
     */
    static CaseFile read(String text) {
        int nl = text.indexOf('\n');
        JsonNode h;
        try {
            h = JSON.readTree(text.substring(0, nl));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Event> events = new ArrayList<>();
        for (DecodedLine l : new BatchReader().readNdjson(text.substring(nl + 1).getBytes(StandardCharsets.UTF_8))) {
            if (l.event() == null) {
                throw new IllegalArgumentException("regression file line " + (l.line() + 1) + ": " + l.error());
            }
            events.add(l.event());
        }
        List<List<Event>> batches = new ArrayList<>();
        int at = 0;
        for (JsonNode size : h.get("batches")) {
            batches.add(events.subList(at, at + size.asInt()));
            at += size.asInt();
        }
        if (at != events.size()) {
            throw new IllegalArgumentException("the batches hold " + at + " events, the file " + events.size());
        }
        return new CaseFile(h, batches);
    }
}
