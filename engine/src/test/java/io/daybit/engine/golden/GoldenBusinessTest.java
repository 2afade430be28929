package io.daybit.engine.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.InvalidRequestException;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.query.Comparison;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Metric;
import io.daybit.engine.query.Preset;
import io.daybit.engine.query.PurchaseActivity;
import io.daybit.engine.query.PurchaseFilter;
import io.daybit.engine.query.TimeSpec;
import io.daybit.engine.query.UsersOverview;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replays shared/golden's Customer &amp; Business cases (users overview, purchases, stores) through the Java API. */
class GoldenBusinessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Engine engine;
    private static Dataset golden;

    @BeforeAll
    static void load() throws IOException {
        engine = Engine.inMemory();
        golden = engine.createDataset("golden", DatasetSettings.defaults()
                .withTimezone(ZoneId.of("America/New_York")));
        golden.ingestNdjson(resource("events.ndjson").readAllBytes(), null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static InputStream resource(String name) {
        InputStream in = GoldenBusinessTest.class.getResourceAsStream("/golden/" + name);
        if (in == null) {
            throw new UncheckedIOException(new IOException("missing golden/" + name));
        }
        return in;
    }

    private static List<JsonNode> cases(String suffix) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : new String(resource("queries.jsonl").readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode c = JSON.readTree(line);
            if (c.get("route").asText().endsWith("/golden" + suffix)) {
                out.add(c);
            }
        }
        return out;
    }

    @Test
    void usersOverviewCasesMatch() throws IOException {
        List<String> failures = new ArrayList<>();
        List<JsonNode> all = cases("/users/overview");
        for (JsonNode c : all) {
            JsonNode e = c.get("expected");
            UsersOverview u = golden.usersOverview(LocalDate.parse(c.get("params").get("today").asText()));
            String got = u.users() + " " + u.consented() + " " + u.consentedByChannel().get(Channel.EMAIL) + " "
                    + u.consentedByChannel().get(Channel.SMS) + " " + u.consentedByChannel().get(Channel.PUSH);
            JsonNode b = e.get("consented_by_channel");
            String want = e.get("users").asLong() + " " + e.get("consented").asLong() + " " + b.get("email").asLong()
                    + " " + b.get("sms").asLong() + " " + b.get("push").asLong();
            if (!got.equals(want)) {
                failures.add(c.get("params") + "\n  got  " + got + "\n  want " + want);
            }
        }
        assertEquals(15, all.size());
        assertEquals(List.of(), failures);
    }

    @Test
    void storesCaseMatches() throws IOException {
        List<JsonNode> all = cases("/stores");
        assertEquals(1, all.size());
        List<String> want = new ArrayList<>();
        all.get(0).get("expected").get("stores").forEach(n -> want.add(n.asText()));
        List<String> got = new ArrayList<>(golden.stores());
        assertEquals(want, got);
    }

    @Test
    void purchaseCasesMatch() throws IOException {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (JsonNode c : cases("/purchases")) {
            if (c.get("status").asInt() != 200) {
                continue;
            }
            JsonNode p = c.get("params");
            JsonNode e = c.get("expected");
            PurchaseActivity a = golden.purchases(spec(p), filter(p));
            List<String> got = new ArrayList<>();
            List<String> want = new ArrayList<>();
            got.add(a.frame().range().from() + ".." + a.frame().range().to());
            want.add(e.get("range").get("from").asText() + ".." + e.get("range").get("to").asText());
            got.add(a.frame().comparison() == null ? "null"
                    : a.frame().comparison().from() + ".." + a.frame().comparison().to());
            want.add(e.get("comparison").isNull() ? "null"
                    : e.get("comparison").get("from").asText() + ".." + e.get("comparison").get("to").asText());
            JsonNode m = e.get("metrics");
            compare(got, want, a.purchases(), m.get("purchases"));
            compare(got, want, a.buyers(), m.get("buyers"));
            compare(got, want, a.revenue(), m.get("revenue"));
            compare(got, want, a.purchaseRevenue(), m.get("purchase_revenue"));
            compare(got, want, a.aov(), m.get("aov"));
            compare(got, want, a.itemsPerPurchase(), m.get("items_per_purchase"));
            compare(got, want, a.discount(), m.get("discount"));
            if (!got.equals(want)) {
                failures.add(p + "\n  got  " + got + "\n  want " + want);
            }
            checked++;
        }
        assertTrue(checked >= 70, "checked " + checked);
        assertEquals(List.of(), failures);
    }

    @Test
    void invalidPurchaseParametersAreRecognisedAsInvalid() throws IOException {
        int checked = 0;
        for (JsonNode c : cases("/purchases")) {
            if (c.get("status").asInt() != 400) {
                continue;
            }
            JsonNode p = c.get("params");
            boolean refused;
            try {
                filter(p);
                spec(p);
                refused = false;
            } catch (InvalidRequestException | IllegalArgumentException | DateTimeParseException ex) {
                refused = true;
            }
            assertTrue(refused, "accepted " + p);
            checked++;
        }
        assertEquals(5, checked);
    }

    /** Compares value, previous, direction exactly (doubles within 1e-9 relative) and change_pct. */
    private static void compare(List<String> got, List<String> want, Metric<?> metric, JsonNode e) {
        got.add(num(metric.value(), e.get("value")) + "|" + num(metric.previous(), e.get("previous")) + "|"
                + num(metric.changePct(), e.get("change_pct")) + "|" + metric.direction());
        want.add(text(e.get("value")) + "|" + text(e.get("previous")) + "|" + text(e.get("change_pct")) + "|"
                + (e.get("direction").isNull() ? "null" : e.get("direction").asText().toUpperCase()));
    }

    /** The engine's number, written as the expected one when they agree within 1e-9 relative. */
    private static String num(Number n, JsonNode expected) {
        if (n == null) {
            return "null";
        }
        if (n instanceof Long) {
            return n.toString();
        }
        double v = n.doubleValue();
        if (expected.isNumber()) {
            double w = expected.asDouble();
            if (Math.abs(v - w) <= 1e-9 * Math.max(1, Math.abs(w))) {
                return text(expected);
            }
        }
        return "~" + v;
    }

    private static String text(JsonNode n) {
        if (n.isNull()) {
            return "null";
        }
        return n.isIntegralNumber() ? Long.toString(n.asLong()) : Double.toString(n.asDouble());
    }

    static PurchaseFilter filter(JsonNode p) {
        PurchaseFilter.Consent consent = p.has("consent") ? required(PurchaseFilter.Consent.fromWire(
                p.get("consent").asText()), "consent") : null;
        Channel consentChannel = p.has("consent_channel") ? required(Channel.fromWire(
                p.get("consent_channel").asText()), "consent_channel") : null;
        PurchaseFilter.Recency recency = p.has("recency") ? required(PurchaseFilter.Recency.fromWire(
                p.get("recency").asText()), "recency") : null;
        SalesChannel channel = p.has("channel") ? required(SalesChannel.fromWire(p.get("channel").asText()),
                "channel") : null;
        String store = p.has("store") ? p.get("store").asText() : null;
        return new PurchaseFilter(consent, consentChannel, recency, channel, store);
    }

    private static <T> T required(T value, String param) {
        if (value == null) {
            throw new InvalidRequestException("unknown " + param, param);
        }
        return value;
    }

    static TimeSpec spec(JsonNode p) {
        TimeSpec s = p.has("preset") ? TimeSpec.of(Preset.fromWire(p.get("preset").asText()))
                : TimeSpec.of(LocalDate.parse(p.get("from").asText()), LocalDate.parse(p.get("to").asText()));
        String compare = p.has("compare") ? p.get("compare").asText() : "previous_period";
        s = s.compare(switch (compare) {
            case "previous_year" -> Comparison.previousYear();
            case "none" -> Comparison.none();
            case "custom" -> Comparison.custom(new DayRange(LocalDate.parse(p.get("compare_from").asText()),
                    LocalDate.parse(p.get("compare_to").asText())));
            default -> Comparison.previousPeriod();
        });
        return s.today(LocalDate.parse(p.get("today").asText()));
    }
}
