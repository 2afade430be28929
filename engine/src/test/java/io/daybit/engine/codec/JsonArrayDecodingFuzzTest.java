package io.daybit.engine.codec;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.daybit.engine.model.Event;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Fuzzes JSON-array decoding (the body of {@code POST …/events} with {@code application/json}).
 * Any bytes either are refused whole with {@link MalformedBatchException} and a reason, or give
 * one line per array element (numbered 1, 2, …), an event or a reason; and every event decoded
 * round-trips through the encoder ({@link CodecInvariants}).
 *
 * <p>Runs the committed inputs in {@code JsonArrayDecodingFuzzTestInputs/} as a plain test; with
 * {@code JAZZER_FUZZ=1} (the {@code fuzz} Maven profile, which CI uses) it fuzzes for a bounded time.
 */
class JsonArrayDecodingFuzzTest {
    @FuzzTest(maxDuration = "20s")
    @DictionaryEntries({"[", "]", "{", "}", ",", "\"type\":", "\"account\":", "\"ts\":", "\"order_id\":",
        "\"lines\":", "\"product\":", "\"quantity\":", "\"amount\":", "\"channel\":", "\"contacts\":",
        "\"consents\":", "\"granted\":", "\"valid\":", "\"action\":", "\"account_created\"", "\"hub_opened\"",
        "\"hub_product\"", "\"service\"", "\"order\"", "\"consent\"", "\"contact\"", "\"email\"",
        "\"2025-03-01T09:00:00+01:00\"", "\\ud800", "null", "true", "-0", "1e309"})
    void anyJsonArrayBodyDecodesIntoNumberedElementsOrIsRefusedWhole(byte[] body) {
        List<DecodedLine> lines;
        try {
            lines = new BatchReader().readJsonArray(body);
        } catch (MalformedBatchException e) {
            assertNotNull(e.getMessage());
            assertFalse(e.getMessage().isBlank(), "a refused body gets a reason");
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(i + 1, lines.get(i).line(), "elements are numbered 1, 2, …");
        }
        List<Event> events = CodecInvariants.wellFormed(lines);
        CodecInvariants.roundTrips(events, body.length);
    }
}
