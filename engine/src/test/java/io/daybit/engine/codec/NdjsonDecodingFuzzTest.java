package io.daybit.engine.codec;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fuzzes NDJSON decoding (the body of {@code POST …/events} with {@code application/x-ndjson}).
 * Any bytes give a line per non-blank line, an event or a reason, never an exception; the
 * whole-body and the streaming readers agree line for line; and every event decoded round-trips
 * through the encoder ({@link CodecInvariants}).
 *
 * <p>Runs the committed inputs in {@code NdjsonDecodingFuzzTestInputs/} as a plain test; with
 * {@code JAZZER_FUZZ=1} (the {@code fuzz} Maven profile, which CI uses) it fuzzes for a bounded time.
 */
class NdjsonDecodingFuzzTest {
    @FuzzTest(maxDuration = "20s")
    @DictionaryEntries({"\"type\":", "\"account\":", "\"ts\":", "\"order_id\":", "\"lines\":", "\"product\":",
        "\"quantity\":", "\"amount\":", "\"discount\":", "\"via_hub\":", "\"signed_in\":", "\"channel\":",
        "\"store\":", "\"contacts\":", "\"consents\":", "\"granted\":", "\"valid\":", "\"action\":", "\"id\":",
        "\"account_created\"", "\"contact\"", "\"consent\"", "\"hub_opened\"", "\"hub_product\"", "\"service\"",
        "\"order\"", "\"refund\"", "\"email\"", "\"sms\"", "\"push\"", "\"web\"", "\"click\"", "\"2025-03-01T09:00:00+01:00\"",
        "\"2024-02-29T23:59:59.999999Z\"", "\\u0000", "\\ud83d\\ude00", "\\ud800", "true", "null", "9223372036854775807"})
    void anyNdjsonBodyDecodesIntoEventsThatRoundTripOrReasons(byte[] body) {
        BatchReader reader = new BatchReader();
        List<DecodedLine> whole = reader.readNdjson(body);
        List<DecodedLine> streamed = new ArrayList<>();
        new BatchReader().readNdjson(new ByteArrayInputStream(body), streamed::add);
        assertEquals(whole, streamed, () -> "the whole-body and streaming readers agree on " + Arrays.toString(body));
        int lines = 1;
        for (byte b : body) {
            lines += b == '\n' ? 1 : 0;
        }
        for (DecodedLine l : whole) {
            assertEquals(true, l.line() <= lines, "no line number past the body's lines");
        }
        CodecInvariants.roundTrips(CodecInvariants.wellFormed(whole), body.length);
    }
}
