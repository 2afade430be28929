package io.daybit.engine.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits a batch into lines and decodes each: NDJSON (one event per line, blank lines skipped but
 * counted) or a JSON array (line = index + 1). A malformed line is rejected on its own; the other
 * lines still decode. Not thread-safe: one reader per thread.
 */
public final class BatchReader {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    private static final String NOT_UTF8 = "not UTF-8 JSON: starts with a NUL byte or a UTF-16 byte-order mark";

    private final EventDecoder decoder = new EventDecoder();

    /** Decodes a whole NDJSON body. */
    public List<DecodedLine> readNdjson(byte[] body) {
        List<DecodedLine> out = new ArrayList<>(Math.max(16, body.length / 128));
        int line = 0;
        int start = 0;
        while (start <= body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            if (end == body.length && start == body.length) {
                break;
            }
            line++;
            DecodedLine decoded = decodeLine(line, body, start, end);
            if (decoded != null) {
                out.add(decoded);
            }
            start = end + 1;
        }
        return out;
    }

    /**
     * Decodes an NDJSON stream line by line, handing each non-blank line to {@code sink}, without
     * holding the whole stream in memory.
     */
    public void readNdjson(InputStream in, Consumer<DecodedLine> sink) {
        byte[] buf = new byte[64 * 1024];
        byte[] lineBuf = new byte[4096];
        int lineLen = 0;
        int line = 0;
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        line++;
                        DecodedLine decoded = decodeLine(line, lineBuf, 0, lineLen);
                        if (decoded != null) {
                            sink.accept(decoded);
                        }
                        lineLen = 0;
                    } else {
                        if (lineLen == lineBuf.length) {
                            lineBuf = Arrays.copyOf(lineBuf, lineBuf.length * 2);
                        }
                        lineBuf[lineLen++] = b;
                    }
                }
            }
            if (lineLen > 0) {
                DecodedLine decoded = decodeLine(line + 1, lineBuf, 0, lineLen);
                if (decoded != null) {
                    sink.accept(decoded);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes a JSON array of events.
     *
     * @throws MalformedBatchException when the body is not a JSON array or not valid JSON
     */
    public List<DecodedLine> readJsonArray(byte[] body) {
        List<DecodedLine> out = new ArrayList<>();
        if (notUtf8(body, 0, body.length)) {
            throw new MalformedBatchException(NOT_UTF8);
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new MalformedBatchException("a JSON body must be an array of events");
            }
            int index = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new MalformedBatchException("the JSON array is not closed");
                }
                index++;
                try {
                    out.add(new DecodedLine(index, decoder.decode(p), null));
                } catch (InvalidEventException e) {
                    skipRest(p);
                    out.add(new DecodedLine(index, null, e.getMessage()));
                }
            }
            if (p.nextToken() != null) {
                throw new MalformedBatchException("unexpected content after the JSON array");
            }
        } catch (JsonProcessingException e) {
            throw new MalformedBatchException("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** After a rejection in the middle of an object, moves the parser to that object's end. */
    private static void skipRest(JsonParser p) throws IOException {
        while (p.getParsingContext().inObject() && p.currentToken() != JsonToken.END_OBJECT) {
            p.nextToken();
            p.skipChildren();
        }
    }

    private DecodedLine decodeLine(int line, byte[] bytes, int start, int end) {
        if (end > start && bytes[end - 1] == '\r') {
            end--;
        }
        if (isBlank(bytes, start, end)) {
            return null;
        }
        if (notUtf8(bytes, start, end)) {
            return new DecodedLine(line, null, NOT_UTF8);
        }
        try (JsonParser p = JSON.createParser(bytes, start, end - start)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return new DecodedLine(line, null, "line is not a JSON object");
            }
            DecodedLine decoded;
            try {
                decoded = new DecodedLine(line, decoder.decode(p), null);
            } catch (InvalidEventException e) {
                decoded = new DecodedLine(line, null, e.getMessage());
                skipRest(p);
            }
            if (p.nextToken() != null) {
                return new DecodedLine(line, null, "unexpected content after the JSON object");
            }
            return decoded;
        } catch (JsonProcessingException e) {
            return new DecodedLine(line, null, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new DecodedLine(line, null, "unreadable line: " + e.getMessage());
        }
    }

    /**
     * Whether the text starts the way UTF-16 or UTF-32 does: a NUL byte among its first four bytes,
     * or a UTF-16 byte-order mark. Jackson guesses the encoding from exactly these bytes and would
     * decode such a line as UTF-16 or UTF-32; a batch is UTF-8 (API.md), and UTF-8 JSON never starts
     * so (NUL is not allowed unescaped anywhere in JSON).
     */
    private static boolean notUtf8(byte[] bytes, int start, int end) {
        for (int i = start; i < Math.min(end, start + 4); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        if (end - start >= 2) {
            int b0 = bytes[start] & 0xFF;
            int b1 = bytes[start + 1] & 0xFF;
            return b0 == 0xFE && b1 == 0xFF || b0 == 0xFF && b1 == 0xFE;
        }
        return false;
    }

    private static boolean isBlank(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
