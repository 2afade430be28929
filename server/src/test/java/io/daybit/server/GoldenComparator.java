package io.daybit.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares an answer with a golden {@code expected} as shared/golden/README.md says: every field of
 * {@code expected} must be in the answer (extra fields are fine); integers exactly and as JSON
 * integers; doubles within 1e-9 relative; null as null; strings and booleans exactly; lists in
 * order except the ones the contract does not order (stores, rfm cells and personas, transition
 * labels with their counts, retention cohorts).
 */
final class GoldenComparator {
    private static final double RELATIVE = 1e-9;

    private final String route;
    private final List<String> diffs = new ArrayList<>();

    private GoldenComparator(String route) {
        this.route = route;
    }

    /** The differences, empty when the answer matches. */
    static List<String> compare(String route, JsonNode expected, JsonNode actual) {
        GoldenComparator c = new GoldenComparator(route);
        c.value("$", null, expected, actual);
        return c.diffs;
    }

    private void value(String path, String field, JsonNode e, JsonNode a) {
        if (diffs.size() > 20) {
            return;
        }
        if (a == null || a.isMissingNode()) {
            diffs.add(path + ": missing, expected " + e);
        } else if (e.isObject()) {
            object(path, e, a);
        } else if (e.isArray()) {
            array(path, field, e, a);
        } else if (e.isNull()) {
            if (!a.isNull()) {
                diffs.add(path + ": expected null, got " + a);
            }
        } else if (e.isIntegralNumber()) {
            if (!a.isIntegralNumber() || !a.bigIntegerValue().equals(e.bigIntegerValue())) {
                diffs.add(path + ": expected integer " + e + ", got " + a);
            }
        } else if (e.isNumber()) {
            if (!a.isNumber() || !close(e.doubleValue(), a.doubleValue())) {
                diffs.add(path + ": expected " + e + ", got " + a);
            }
        } else if (!e.equals(a)) {
            diffs.add(path + ": expected " + e + ", got " + a);
        }
    }

    private void object(String path, JsonNode e, JsonNode a) {
        if (!a.isObject()) {
            diffs.add(path + ": expected an object, got " + a);
            return;
        }
        boolean transitions = route.endsWith("/rfm/transitions") && e.has("labels") && e.has("counts");
        for (Map.Entry<String, JsonNode> f : e.properties()) {
            String name = f.getKey();
            if (transitions && (name.equals("labels") || name.equals("counts"))) {
                continue;
            }
            value(path + "." + name, name, f.getValue(), a.get(name));
        }
        if (transitions) {
            transitions(path, e, a);
        }
    }

    private void array(String path, String field, JsonNode e, JsonNode a) {
        if (!a.isArray()) {
            diffs.add(path + ": expected an array, got " + a);
            return;
        }
        if (e.size() != a.size()) {
            diffs.add(path + ": expected " + e.size() + " elements, got " + a.size() + ": " + abbreviate(a));
            return;
        }
        List<JsonNode> es = list(e);
        List<JsonNode> as = list(a);
        Comparator<JsonNode> order = unordered(field);
        if (order != null) {
            es.sort(order);
            as.sort(order);
        }
        for (int i = 0; i < es.size(); i++) {
            value(path + "[" + i + "]", null, es.get(i), as.get(i));
        }
    }

    /** How to sort a list the contract does not order, or null when it is ordered. */
    private Comparator<JsonNode> unordered(String field) {
        if (field == null) {
            return null;
        }
        if (field.equals("stores")) {
            return Comparator.comparing(JsonNode::asText);
        }
        if (route.endsWith("/rfm") && field.equals("cells")) {
            return Comparator.comparing((JsonNode n) -> n.path("r").asInt())
                    .thenComparing(n -> n.path("f").asInt()).thenComparing(n -> n.path("m").asInt());
        }
        if (route.endsWith("/rfm") && field.equals("personas")) {
            return Comparator.comparing((JsonNode n) -> n.path("persona").asText());
        }
        if (route.endsWith("/retention") && field.equals("cohorts")) {
            return Comparator.comparing((JsonNode n) -> n.path("start").asText());
        }
        return null;
    }

    /** Labels in any order with {@code none} last; counts compared by the pair of labels. */
    private void transitions(String path, JsonNode e, JsonNode a) {
        JsonNode el = e.get("labels");
        JsonNode al = a.get("labels");
        JsonNode ec = e.get("counts");
        JsonNode ac = a.get("counts");
        if (al == null || !al.isArray() || ac == null || !ac.isArray()) {
            diffs.add(path + ": labels and counts must be arrays, got " + abbreviate(a));
            return;
        }
        if (al.size() == 0 || !al.get(al.size() - 1).asText().equals("none")) {
            diffs.add(path + ".labels: 'none' must be last, got " + al);
        }
        Map<String, JsonNode> expected = pairs(el, ec);
        Map<String, JsonNode> actual = pairs(al, ac);
        if (expected == null || actual == null || !expected.keySet().equals(actual.keySet())) {
            diffs.add(path + ": expected labels " + el + " with a square matrix, got " + al + " " + ac);
            return;
        }
        for (Map.Entry<String, JsonNode> p : expected.entrySet()) {
            value(path + ".counts[" + p.getKey() + "]", null, p.getValue(), actual.get(p.getKey()));
        }
    }

    private static Map<String, JsonNode> pairs(JsonNode labels, JsonNode counts) {
        if (counts.size() != labels.size()) {
            return null;
        }
        Map<String, JsonNode> m = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            JsonNode row = counts.get(i);
            if (!row.isArray() || row.size() != labels.size()) {
                return null;
            }
            for (int j = 0; j < labels.size(); j++) {
                m.put(labels.get(i).asText() + "->" + labels.get(j).asText(), row.get(j));
            }
        }
        return m;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> l = new ArrayList<>(array.size());
        array.forEach(l::add);
        return l;
    }

    static boolean close(double e, double a) {
        if (e == a) {
            return true;
        }
        return Math.abs(a - e) <= RELATIVE * Math.max(Math.abs(e), Math.abs(a));
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
