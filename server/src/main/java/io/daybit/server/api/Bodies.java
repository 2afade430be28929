package io.daybit.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.InvalidRequestException;
import io.daybit.engine.RfmSettings;
import io.daybit.engine.model.WireName;
import io.daybit.server.dto.Json;
import io.daybit.server.error.HttpProblem;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Request bodies: read within the configured size limit, and the JSON bodies of the dataset and
 * RFM routes parsed strictly. A field of the wrong JSON type, an unknown field or a missing one is
 * an {@link InvalidRequestException} naming the field; a field given as {@code null} counts as
 * absent; nothing is applied until the whole body is valid.
 */
public final class Bodies {
    private static final Set<String> DATASET_FIELDS =
            Set.of("name", "timezone", "currency", "attribution_window_hours", "rfm");
    private static final Set<String> RFM_FIELDS = Set.of("lookback_days", "mode", "thresholds", "personas");
    private static final Set<String> THRESHOLD_FIELDS = Set.of("r", "f", "m");

    private Bodies() {
    }

    /** A dataset to create: its name and settings. */
    public record NewDataset(String name, DatasetSettings settings) {
    }

    /**
     * The whole body, at most {@code limit} bytes.
     *
     * @throws HttpProblem 413 when it is longer, checked on the declared length before reading
     */
    public static byte[] read(Context ctx, long limit) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw HttpProblem.tooLarge("the body has " + declared + " bytes; the limit is " + limit + " bytes");
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 16));
            if (body.length > limit) {
                throw HttpProblem.tooLarge("the body is over the limit of " + limit + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a JSON body that must be an object. */
    static JsonNode object(byte[] body) throws IOException {
        if (body.length == 0) {
            throw new InvalidRequestException("the body is empty: send a JSON object");
        }
        JsonNode root = Json.MAPPER.readTree(body);
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException("the body must be a JSON object, got " + kind(root));
        }
        return root;
    }

    /** The body of {@code POST /api/v1/datasets}. */
    public static NewDataset dataset(byte[] body) throws IOException {
        JsonNode root = object(body);
        checkFields(root, DATASET_FIELDS, "");
        JsonNode nameNode = field(root, "name");
        if (nameNode == null) {
            throw new InvalidRequestException("name is missing: a dataset name matches [a-z0-9][a-z0-9_-]{0,63}",
                    "name");
        }
        String name = string(nameNode, "name");
        DatasetSettings settings = DatasetSettings.defaults();
        JsonNode tz = field(root, "timezone");
        if (tz != null) {
            ZoneId zone = DatasetSettings.parseZone(string(tz, "timezone"));
            settings = settings.withTimezone(zone);
        }
        JsonNode currency = field(root, "currency");
        if (currency != null) {
            settings = settings.withCurrency(string(currency, "currency"));
        }
        JsonNode window = field(root, "attribution_window_hours");
        if (window != null) {
            settings = settings.withAttributionWindowHours(integer(window, "attribution_window_hours"));
        }
        JsonNode rfm = field(root, "rfm");
        if (rfm != null) {
            if (!rfm.isObject()) {
                throw new InvalidRequestException("rfm must be an object, got " + kind(rfm), "rfm");
            }
            try {
                settings = settings.withRfm(rfm(rfm));
            } catch (InvalidRequestException e) {
                List<String> params = e.params().stream().map(p -> "rfm." + p).toList();
                throw new InvalidRequestException("rfm: " + e.getMessage(), params.toArray(new String[0]));
            }
        }
        return new NewDataset(name, settings);
    }

    /** The body of {@code PUT .../rfm}: omitted parts take their defaults. */
    public static RfmSettings rfm(byte[] body) throws IOException {
        return rfm(object(body));
    }

    private static RfmSettings rfm(JsonNode root) {
        checkFields(root, RFM_FIELDS, "");
        RfmSettings d = RfmSettings.defaults();
        JsonNode lookback = field(root, "lookback_days");
        int lookbackDays = lookback == null ? d.lookbackDays() : integer(lookback, "lookback_days");
        JsonNode modeNode = field(root, "mode");
        RfmSettings.Mode mode = d.mode();
        if (modeNode != null) {
            String wire = string(modeNode, "mode");
            mode = RfmSettings.Mode.fromWire(wire);
            if (mode == null) {
                throw new InvalidRequestException("unknown mode '" + wire + "': allowed "
                        + WireName.allowed(RfmSettings.Mode.class), "mode");
            }
        }
        RfmSettings.Thresholds r = d.r();
        RfmSettings.Thresholds f = d.f();
        RfmSettings.Thresholds m = d.m();
        JsonNode thresholds = field(root, "thresholds");
        if (thresholds != null) {
            if (!thresholds.isObject()) {
                throw new InvalidRequestException("thresholds must be an object {\"r\", \"f\", \"m\"}, got "
                        + kind(thresholds), "thresholds");
            }
            checkFields(thresholds, THRESHOLD_FIELDS, "thresholds.");
            r = pair(thresholds, "r", r);
            f = pair(thresholds, "f", f);
            m = pair(thresholds, "m", m);
        }
        Map<String, List<String>> personas = d.personas();
        JsonNode personaNode = field(root, "personas");
        if (personaNode != null) {
            personas = personas(personaNode);
        }
        return new RfmSettings(lookbackDays, mode, r, f, m, personas);
    }

    private static RfmSettings.Thresholds pair(JsonNode thresholds, String name, RfmSettings.Thresholds fallback) {
        JsonNode n = field(thresholds, name);
        if (n == null) {
            return fallback;
        }
        String param = "thresholds";
        if (!n.isArray() || n.size() != 2 || !n.get(0).isIntegralNumber() || !n.get(1).isIntegralNumber()
                || !n.get(0).canConvertToLong() || !n.get(1).canConvertToLong()) {
            throw new InvalidRequestException("thresholds." + name + " must be two integers [low, high], got " + n,
                    param);
        }
        return new RfmSettings.Thresholds(n.get(0).longValue(), n.get(1).longValue());
    }

    private static Map<String, List<String>> personas(JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidRequestException("personas must be an object {name: [cells]}, got " + kind(node),
                    "personas");
        }
        Map<String, List<String>> personas = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode cells = e.getValue();
            if (!cells.isArray()) {
                throw new InvalidRequestException("persona '" + e.getKey() + "' must list its cells as an array of "
                        + "strings such as \"333\", got " + kind(cells), "personas");
            }
            List<String> list = new ArrayList<>(cells.size());
            for (JsonNode c : cells) {
                if (!c.isTextual()) {
                    throw new InvalidRequestException("persona '" + e.getKey() + "' has cell " + c
                            + ": a cell is a string of three digits 1-3, RFM", "personas");
                }
                list.add(c.textValue());
            }
            personas.put(e.getKey(), list);
        }
        return personas;
    }

    private static void checkFields(JsonNode object, Set<String> allowed, String prefix) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String n = field.getKey();
            if (!allowed.contains(n)) {
                List<String> sorted = new ArrayList<>(allowed);
                sorted.sort(null);
                throw new InvalidRequestException("unknown field '" + prefix + n + "': allowed "
                        + String.join(", ", sorted), prefix + n);
            }
        }
    }

    /** The field's value, or null when it is absent or null. */
    private static JsonNode field(JsonNode object, String name) {
        JsonNode n = object.get(name);
        return n == null || n.isNull() ? null : n;
    }

    private static String string(JsonNode n, String name) {
        if (!n.isTextual()) {
            throw new InvalidRequestException(name + " must be a string, got " + kind(n), name);
        }
        return n.textValue();
    }

    private static int integer(JsonNode n, String name) {
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new InvalidRequestException(name + " must be an integer, got " + kind(n)
                    + (n.isValueNode() ? " " + n : ""), name);
        }
        return n.intValue();
    }

    /** A JSON value's kind, for messages. */
    static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isTextual()) {
            return "a string";
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToInt() ? "an integer" : "an integer out of range";
        }
        if (n.isNumber()) {
            return "a fraction";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        if (n.isArray()) {
            return "an array";
        }
        if (n.isObject()) {
            return "an object";
        }
        return "null";
    }
}
