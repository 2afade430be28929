package io.daybit.engine.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.ingest.IngestResult;
import io.daybit.engine.model.AccountCreated;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.HubOpened;
import io.daybit.engine.model.Order;
import io.daybit.engine.model.OrderLine;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.testdata.RandomEvents;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The NDJSON and JSON-array codec of METRICS.md §2: what it accepts, and why it rejects. */
class BatchReaderTest {
    private static final String HUB = "{\"type\":\"hub_opened\",\"account\":\"a\",\"ts\":\"2024-09-01T12:00:00Z\"}";

    private static List<DecodedLine> ndjson(String body) {
        return new BatchReader().readNdjson(body.getBytes(StandardCharsets.UTF_8));
    }

    private static DecodedLine one(String json) {
        List<DecodedLine> lines = ndjson(json);
        assertEquals(1, lines.size());
        return lines.get(0);
    }

    private static Event valid(String json) {
        DecodedLine l = one(json);
        assertNull(l.error(), () -> "rejected: " + l.error());
        return l.event();
    }

    /** Asserts the line is rejected with a reason that names every one of {@code names}. */
    private static void rejected(String json, String... names) {
        DecodedLine l = one(json);
        assertNull(l.event(), () -> "accepted: " + json);
        assertNotNull(l.error());
        for (String n : names) {
            assertTrue(l.error().contains(n), () -> "reason '" + l.error() + "' does not name " + n);
        }
    }

    private static String order(String lines) {
        return "{\"type\":\"order\",\"account\":\"a\",\"ts\":\"2024-09-01T12:00:00Z\",\"order_id\":\"O-1\",\"lines\":"
                + lines + "}";
    }

    // ---------------------------------------------------------------- framing

    /** A fuzzing finding: Jackson guessed UTF-16/32 from NUL bytes and decoded such lines. */
    @Test
    void aLineInUtf16OrUtf32IsRejectedAsNotUtf8InsteadOfDecoded() {
        String event = "{\"type\":\"hub_opened\",\"account\":\"a\",\"ts\":\"2025-03-01T12:00:00Z\"}";
        for (java.nio.charset.Charset cs : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE,
                java.nio.charset.Charset.forName("UTF-32BE"))) {
            List<DecodedLine> lines = new BatchReader().readNdjson(event.getBytes(cs));
            assertEquals(1, lines.size(), cs.name());
            assertNull(lines.get(0).event(), cs.name());
            assertTrue(lines.get(0).error().contains("not UTF-8"), lines.get(0).error());
            MalformedBatchException e = assertThrows(MalformedBatchException.class,
                    () -> new BatchReader().readJsonArray(("[" + event + "]").getBytes(cs)));
            assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
        }
        assertEquals(1, new BatchReader().readNdjson(event.getBytes(StandardCharsets.UTF_8)).size());
        assertTrue(new BatchReader().readNdjson(event.getBytes(StandardCharsets.UTF_8)).get(0).isValid());
    }

    @Test
    void blankLinesAreSkippedButCountInLineNumbers() {
        List<DecodedLine> lines = ndjson("\n   \n{\"type\":\"nope\"}\n\t\n" + HUB + "\n\n");
        assertEquals(2, lines.size());
        assertEquals(3, lines.get(0).line());
        assertNull(lines.get(0).event());
        assertEquals(5, lines.get(1).line());
        assertNotNull(lines.get(1).event());
    }

    @Test
    void crlfLineEndingsAreAccepted() {
        List<DecodedLine> lines = ndjson(HUB + "\r\n\r\n" + HUB + "\r\n");
        assertEquals(List.of(1, 3), lines.stream().map(DecodedLine::line).toList());
        assertTrue(lines.stream().allMatch(DecodedLine::isValid));
    }

    @Test
    void theLastLineNeedsNoNewline() {
        List<DecodedLine> lines = ndjson(HUB + "\n" + HUB);
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).isValid());
    }

    @Test
    void streamingReaderNumbersLinesLikeTheByteReader() {
        String body = "\n" + HUB + "\r\n{\"type\":1}\n\n" + HUB;
        List<DecodedLine> streamed = new ArrayList<>();
        new BatchReader().readNdjson(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), streamed::add);
        assertEquals(ndjson(body), streamed);
    }

    @Test
    void aBrokenLineIsRejectedAloneAndTheRestDecodes() {
        List<DecodedLine> lines = ndjson(HUB + "\n{\"type\": \"hub_opened\", \"account\": \n42\n[1]\n" + HUB + " x\n"
                + HUB);
        assertEquals(List.of(1, 2, 3, 4, 5, 6), lines.stream().map(DecodedLine::line).toList());
        assertTrue(lines.get(0).isValid());
        assertTrue(lines.subList(1, 5).stream().noneMatch(DecodedLine::isValid), "truncated, 42, [1], trailing x");
        assertTrue(lines.get(5).isValid());
    }

    @Test
    void jsonArrayBodiesNumberEventsByIndex() {
        String body = "[" + HUB + ", {\"type\":\"service\",\"account\":\"a\",\"ts\":\"2024-09-01T12:00:00Z\","
                + "\"action\":\"teleport\",\"nested\":{\"x\":[1,2]}}, 7, " + HUB + "]";
        List<DecodedLine> lines = new BatchReader().readJsonArray(body.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(1, 2, 3, 4), lines.stream().map(DecodedLine::line).toList());
        assertTrue(lines.get(0).isValid());
        assertTrue(lines.get(1).error().contains("teleport"));
        assertNull(lines.get(2).event());
        assertTrue(lines.get(3).isValid(), "a rejected object does not derail the next one");
    }

    @Test
    void aJsonBodyThatIsNotAnArrayIsMalformed() {
        BatchReader r = new BatchReader();
        assertThrows(MalformedBatchException.class, () -> r.readJsonArray(HUB.getBytes(StandardCharsets.UTF_8)));
        assertThrows(MalformedBatchException.class, () -> r.readJsonArray(("[" + HUB).getBytes(StandardCharsets.UTF_8)));
        assertThrows(MalformedBatchException.class, () -> r.readJsonArray(("[" + HUB + "] []").getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), r.readJsonArray("[]".getBytes(StandardCharsets.UTF_8)));
    }

    // ---------------------------------------------------------------- timestamps

    @Test
    void microsecondTimestampsKeepTheirMicroseconds() {
        Event e = valid("{\"type\":\"hub_opened\",\"account\":\"a\",\"ts\":\"2024-03-10T01:59:59.999999-05:00\"}");
        assertEquals(Instant.parse("2024-03-10T06:59:59.999999Z").getEpochSecond() * 1_000_000L + 999_999, e.tsMicros());
    }

    @Test
    void digitsBeyondMicrosecondsAreTruncated() {
        Event e = valid("{\"type\":\"hub_opened\",\"account\":\"a\",\"ts\":\"1970-01-01T00:00:00.0000019Z\"}");
        assertEquals(1, e.tsMicros());
    }

    @Test
    void epochMillisecondTimestampsAreAccepted() {
        Event e = valid("{\"type\":\"hub_opened\",\"account\":\"a\",\"ts\":1725192000123}");
        assertEquals(1_725_192_000_123_000L, e.tsMicros());
        Event before1970 = valid("{\"type\":\"hub_opened\",\"account\":\"a\",\"ts\":-1}");
        assertEquals(-1000, before1970.tsMicros());
    }

    @Test
    void offsetsOtherThanZuluGiveTheSameInstant() {
        Event z = valid("{\"type\":\"hub_opened\",\"account\":\"a\",\"ts\":\"2024-09-01T00:00:00Z\"}");
        Event kathmandu = valid("{\"type\":\"hub_opened\",\"account\":\"a\",\"ts\":\"2024-09-01T05:45:00+05:45\"}");
        assertEquals(z.tsMicros(), kathmandu.tsMicros());
    }

    @Test
    void timestampsWithoutOffsetOrTimeAreRejected() {
        for (String ts : List.of("\"2024-09-01T12:00:00\"", "\"2024-09-01\"", "\"2024-09-01 12:00:00Z\"",
                "\"1725192000000\"", "1725192000000.5", "true", "\"yesterday\"", "\"2025-13-45T00:00:00Z\"",
                "{}", "99999999999999999999")) {
            rejected("{\"type\":\"hub_opened\",\"account\":\"a\",\"ts\":" + ts + "}", "ts");
        }
        rejected("{\"type\":\"hub_opened\",\"account\":\"a\"}", "ts");
    }

    // ---------------------------------------------------------------- fields

    @Test
    void nullCountsAsAbsent() {
        Event e = valid("{\"type\":\"order\",\"account\":\"a\",\"ts\":\"2024-09-01T12:00:00Z\",\"id\":null,"
                + "\"order_id\":\"O-1\",\"channel\":null,\"store\":null,\"signed_in\":null,"
                + "\"lines\":[{\"product\":\"P\",\"quantity\":1,\"amount\":5,\"discount\":null,\"via_hub\":null}]}");
        Order o = (Order) e;
        assertNull(o.id());
        assertEquals(SalesChannel.WEB, o.channel());
        assertNull(o.store());
        assertEquals(false, o.signedIn());
        assertEquals(List.of(new OrderLine("P", 1, 5, 0, false)), o.lines());
        AccountCreated c = (AccountCreated) valid("{\"type\":\"account_created\",\"account\":\"a\","
                + "\"ts\":\"2024-09-01T12:00:00Z\",\"contacts\":null,\"consents\":{\"email\":null,\"sms\":true}}");
        assertEquals(Set.of(), c.contacts());
        assertEquals(Map.of(Channel.SMS, true), c.consents());
        rejected("{\"type\":\"hub_opened\",\"account\":null,\"ts\":\"2024-09-01T12:00:00Z\"}", "account");
        rejected(order("null"), "lines");
    }

    @Test
    void unknownFieldsAreIgnoredWhereverTheyAre() {
        Event e = valid("{\"lines\":[{\"product\":\"P\",\"colour\":[\"red\"],\"quantity\":2,\"amount\":10}],"
                + "\"extra\":{\"a\":[1,{\"b\":null}]},\"type\":\"order\",\"valid\":\"not for orders\","
                + "\"account\":\"a\",\"order_id\":\"O-9\",\"ts\":\"2024-09-01T12:00:00Z\"}");
        assertEquals("O-9", ((Order) e).orderId());
        assertEquals(20 / 2, ((Order) e).total());
    }

    @Test
    void integersMustBeJsonIntegers() {
        rejected(order("[{\"product\":\"P\",\"quantity\":1,\"amount\":1.0}]"), "amount");
        rejected(order("[{\"product\":\"P\",\"quantity\":1,\"amount\":\"100\"}]"), "amount");
        rejected(order("[{\"product\":\"P\",\"quantity\":1e2,\"amount\":100}]"), "quantity");
        rejected(order("[{\"product\":\"P\",\"quantity\":1,\"amount\":100,\"discount\":0.5}]"), "discount");
        rejected(order("[{\"product\":\"P\",\"quantity\":1,\"amount\":9223372036854775808}]"), "amount");
        Order max = (Order) valid(order("[{\"product\":\"P\",\"quantity\":1,\"amount\":9223372036854775807}]"));
        assertEquals(Long.MAX_VALUE, max.total());
    }

    @Test
    void orderSumsThatOverflowAreRejected() {
        rejected(order("[{\"product\":\"P\",\"quantity\":1,\"amount\":9223372036854775807},"
                + "{\"product\":\"P\",\"quantity\":1,\"amount\":1}]"), "lines");
    }

    @Test
    void anOrderNeedsAtLeastOneWellFormedLine() {
        rejected(order("[]"), "lines");
        rejected(order("{\"product\":\"P\",\"quantity\":1,\"amount\":1}"), "lines");
        rejected(order("[{\"product\":\"P\",\"quantity\":1,\"amount\":1}, 5]"), "lines[2]");
        rejected(order("[{\"quantity\":1,\"amount\":1}]"), "product");
        rejected(order("[{\"product\":\"P\",\"amount\":1}]"), "quantity");
        rejected(order("[{\"product\":\"P\",\"quantity\":1}]"), "amount");
        rejected(order("[{\"product\":\"P\",\"quantity\":1,\"amount\":1,\"discount\":-1}]"), "discount");
        rejected(order("[{\"product\":\"P\",\"quantity\":1,\"amount\":1,\"via_hub\":\"yes\"}]"), "via_hub");
    }

    @Test
    void accountIdsAreOneTo128CodePoints() {
        String emoji128 = "😀".repeat(128);
        Event e = valid("{\"type\":\"hub_opened\",\"account\":\"" + emoji128 + "\",\"ts\":0}");
        assertEquals(emoji128, e.account());
        rejected("{\"type\":\"hub_opened\",\"account\":\"" + "x".repeat(129) + "\",\"ts\":0}", "account");
        rejected("{\"type\":\"hub_opened\",\"account\":\"\",\"ts\":0}", "account");
        rejected("{\"type\":\"hub_opened\",\"account\":12345,\"ts\":0}", "account");
        rejected("{\"type\":\"hub_opened\",\"ts\":0}", "account");
    }

    @Test
    void unknownNamesAreRejectedVerbatim() {
        rejected("{\"type\":\"Hub_Opened\",\"account\":\"a\",\"ts\":0}", "Hub_Opened");
        rejected("{\"type\":\"service\",\"account\":\"a\",\"ts\":0,\"action\":\"teleport\"}", "teleport");
        rejected("{\"type\":\"hub_product\",\"account\":\"a\",\"ts\":0,\"product\":\"P\",\"action\":\"wishlist\"}",
                "wishlist");
        rejected("{\"type\":\"consent\",\"account\":\"a\",\"ts\":0,\"channel\":\"fax\",\"granted\":true}", "fax");
        rejected("{\"type\":\"contact\",\"account\":\"a\",\"ts\":0,\"channel\":\"Email\",\"valid\":true}", "Email");
        rejected("{\"type\":\"account_created\",\"account\":\"a\",\"ts\":0,\"contacts\":[\"email\",\"fax\"]}", "fax");
        rejected("{\"type\":\"account_created\",\"account\":\"a\",\"ts\":0,\"consents\":{\"pigeon\":true}}", "pigeon");
        rejected("{\"type\":\"order\",\"account\":\"a\",\"ts\":0,\"order_id\":\"O\",\"channel\":\"phone\","
                + "\"lines\":[{\"product\":\"P\",\"quantity\":1,\"amount\":1}]}", "phone");
    }

    @Test
    void wronglyTypedFieldsAreRejectedByName() {
        rejected("{\"type\":7,\"account\":\"a\",\"ts\":0}", "type");
        rejected("{\"account\":\"a\",\"ts\":0}", "type");
        rejected("{\"type\":\"consent\",\"account\":\"a\",\"ts\":0,\"channel\":\"email\",\"granted\":1}", "granted");
        rejected("{\"type\":\"consent\",\"account\":\"a\",\"ts\":0,\"granted\":true}", "channel");
        rejected("{\"type\":\"contact\",\"account\":\"a\",\"ts\":0,\"channel\":\"email\",\"valid\":\"yes\"}", "valid");
        rejected("{\"type\":\"account_created\",\"account\":\"a\",\"ts\":0,\"contacts\":\"email\"}", "contacts");
        rejected("{\"type\":\"account_created\",\"account\":\"a\",\"ts\":0,\"consents\":[\"email\"]}", "consents");
        rejected("{\"type\":\"account_created\",\"account\":\"a\",\"ts\":0,\"consents\":{\"email\":\"yes\"}}",
                "consents", "email");
        rejected("{\"type\":\"hub_product\",\"account\":\"a\",\"ts\":0,\"product\":17,\"action\":\"click\"}", "product");
        rejected("{\"type\":\"order\",\"account\":\"a\",\"ts\":0,\"order_id\":6006,"
                + "\"lines\":[{\"product\":\"P\",\"quantity\":1,\"amount\":1}]}", "order_id");
        rejected("{\"type\":\"order\",\"account\":\"a\",\"ts\":0,\"order_id\":\"O\",\"signed_in\":\"true\","
                + "\"lines\":[{\"product\":\"P\",\"quantity\":1,\"amount\":1}]}", "signed_in");
        rejected("{\"type\":\"order\",\"account\":\"a\",\"ts\":0,\"order_id\":\"O\",\"store\":5,"
                + "\"lines\":[{\"product\":\"P\",\"quantity\":1,\"amount\":1}]}", "store");
        rejected("{\"type\":\"hub_opened\",\"account\":\"a\",\"ts\":0,\"id\":5}", "id");
    }

    // ---------------------------------------------------------------- round trip and golden

    @Test
    void encodedRandomEventsDecodeToEqualEvents() {
        Random rnd = new Random(7);
        for (int i = 0; i < 40; i++) {
            RandomEvents.Config config = RandomEvents.randomConfig(rnd);
            List<Event> events = RandomEvents.generate(rnd, config);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ZoneId writeZone = RandomEvents.ZONES.get(rnd.nextInt(RandomEvents.ZONES.size()));
            try (EventEncoder enc = new EventEncoder(out, writeZone)) {
                events.forEach(enc::write);
            }
            List<DecodedLine> lines = new BatchReader().readNdjson(out.toByteArray());
            List<Event> decoded = new ArrayList<>();
            for (DecodedLine l : lines) {
                assertNull(l.error(), () -> "line " + l.line() + ": " + l.error());
                decoded.add(l.event());
            }
            assertEquals(events, decoded, "config " + config + " written in " + writeZone);
        }
    }

    /** The golden batch's rejections name what shared/golden/ingest.json says they must. */
    @Test
    void goldenRejectionsNameTheFieldOrValueAtFault() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode expected;
        byte[] body;
        try (InputStream in = resource("ingest.json"); InputStream events = resource("events.ndjson")) {
            expected = json.readTree(in).get("expected");
            body = events.readAllBytes();
        }
        IngestResult result;
        try (Engine engine = Engine.inMemory()) {
            Dataset d = engine.createDataset("golden", DatasetSettings.defaults()
                    .withTimezone(ZoneId.of("America/New_York")));
            result = d.ingestNdjson(body, null);
        }
        Map<Integer, String> reasons = new HashMap<>();
        result.rejected().forEach(r -> reasons.put(r.line(), r.error()));
        assertEquals(expected.get("accepted").asInt(), result.accepted());
        assertEquals(expected.get("rejected").size(), reasons.size());
        List<String> wrong = new ArrayList<>();
        for (JsonNode r : expected.get("rejected")) {
            int line = r.get("line").asInt();
            String reason = reasons.get(line);
            if (reason == null || reason.isBlank()) {
                wrong.add("line " + line + " has no reason");
                continue;
            }
            boolean named = r.get("mentions").isEmpty();
            for (JsonNode m : r.get("mentions")) {
                named |= mentions(reason, m.asText(), r.get("match").asText());
            }
            if (!named) {
                wrong.add("line " + line + ": '" + reason + "' names none of " + r.get("mentions"));
            }
        }
        assertEquals(List.of(), wrong);
    }

    /** shared/golden/README.md's matching: exact, or loose (case, non-alphanumerics and a plural s ignored). */
    static boolean mentions(String reason, String name, String match) {
        if (match.equals("exact")) {
            return reason.contains(name);
        }
        if (match.equals("any")) {
            return true;
        }
        String r = loose(reason);
        String n = loose(name);
        return r.contains(n) || (n.endsWith("s") && r.contains(n.substring(0, n.length() - 1)));
    }

    private static String loose(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }

    private static InputStream resource(String name) {
        InputStream in = BatchReaderTest.class.getResourceAsStream("/golden/" + name);
        assertNotNull(in, name);
        return in;
    }

    @Test
    void eventTypeCanComeAfterTheFieldsItGoverns() {
        Event e = valid("{\"ts\":\"2024-09-01T12:00:00Z\",\"account\":\"a\",\"type\":\"hub_opened\"}");
        assertEquals(new HubOpened("a", e.tsMicros(), null), e);
    }
}
