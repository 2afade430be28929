package io.daybit.engine.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.RfmSettings;
import io.daybit.engine.analytics.RetentionBy;
import io.daybit.engine.analytics.Segment;
import io.daybit.engine.analytics.Stage;
import io.daybit.engine.analytics.TransitionBy;
import io.daybit.engine.codec.EventEncoder;
import io.daybit.engine.model.Event;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.query.PurchaseFilter;
import io.daybit.engine.query.TimeSpec;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One case of the Customer &amp; Business, RFM and retention property test (METRICS.md §4–6): the
 * dataset's settings, the events in their arrival batches and the queries that disagreed with the
 * reference model. It runs through a fresh engine dataset and a {@link ReferenceModel}, and reads
 * and writes itself as a regression file:
 *
 * <pre>
 * line 1   {"zone": …, "window_hours": …, "seed": …, "rfm": {…}, "batches": [sizes…], "queries": [{"kind": …}, …]}
 * lines 2… the events in arrival order, one NDJSON line each (EventEncoder's wire format)
 * </pre>
 *
 * A query is {@code {"kind":"users","today":…}}, {@code {"kind":"purchases", …the HTTP parameters}},
 * {@code {"kind":"rfm","as_of":…}}, {@code {"kind":"transitions","from":…,"to":…,"by":…}},
 * {@code {"kind":"members","as_of":…,"segment":{…},"limit":…,"after":…}} or
 * {@code {"kind":"retention","from":…,"to":…,"period":…,"by":…}}.
 *
 * @param zone        the dataset's timezone
 * @param windowHours the dataset's attribution window
 * @param rfm         the dataset's RFM settings
 * @param seed        the seed that generated the case (for the record only)
 * @param batches     the events in arrival order, split into ingest batches
 * @param queries     the queries to compare
 */
public record DashboardCase(ZoneId zone, int windowHours, RfmSettings rfm, long seed, List<List<Event>> batches,
                            List<Query> queries) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong DATASETS = new AtomicLong();

    public DashboardCase {
        batches = batches.stream().map(List::copyOf).filter(b -> !b.isEmpty()).toList();
        queries = List.copyOf(queries);
    }

    /** One §4–6 query: compares the engine's answer with the model's, and writes itself as JSON. */
    public interface Query {
        /** The differences between the engine and the model, empty when they agree. */
        List<String> disagreements(Dataset engine, ReferenceModel model);

        /** The query as a line of the regression file's header. */
        ObjectNode toJson();
    }

    /** The users overview as of a day. */
    public record Users(LocalDate today) implements Query {
        @Override
        public List<String> disagreements(Dataset engine, ReferenceModel model) {
            return AnalyticsAgreement.users(engine, model, today);
        }

        @Override
        public ObjectNode toJson() {
            return kind("users").put("today", today.toString());
        }
    }

    /** Purchase activity over a time spec with filters. */
    public record Purchases(TimeSpec spec, PurchaseFilter filter) implements Query {
        @Override
        public List<String> disagreements(Dataset engine, ReferenceModel model) {
            return AnalyticsAgreement.purchases(engine, model, spec, filter);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode n = kind("purchases");
            n.setAll(PurchaseCase.header(new PurchaseCase.Query(spec, filter)));
            return n;
        }
    }

    /** The RFM report as of a day. */
    public record Rfm(LocalDate asOf) implements Query {
        @Override
        public List<String> disagreements(Dataset engine, ReferenceModel model) {
            return AnalyticsAgreement.rfm(engine, model, asOf);
        }

        @Override
        public ObjectNode toJson() {
            return kind("rfm").put("as_of", asOf.toString());
        }
    }

    /** The transition matrix between two days. */
    public record Transitions(LocalDate from, LocalDate to, TransitionBy by) implements Query {
        @Override
        public List<String> disagreements(Dataset engine, ReferenceModel model) {
            return AnalyticsAgreement.transitions(engine, model, from, to, by);
        }

        @Override
        public ObjectNode toJson() {
            return kind("transitions").put("from", from.toString()).put("to", to.toString())
                    .put("by", by.wireName());
        }
    }

    /** Every page of a segment's members. */
    public record Members(LocalDate asOf, Segment segment, int limit, String after) implements Query {
        @Override
        public List<String> disagreements(Dataset engine, ReferenceModel model) {
            return AnalyticsAgreement.members(engine, model, asOf, segment, limit, after);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode n = kind("members").put("as_of", asOf.toString()).put("limit", limit).put("after", after);
            ObjectNode s = n.putObject("segment");
            if (segment.persona() != null) {
                s.put("persona", segment.persona());
            } else if (segment.stage() != null) {
                s.put("stage", segment.stage().wireName());
            } else {
                s.put("r", segment.r()).put("f", segment.f()).put("m", segment.m());
            }
            return n;
        }
    }

    /** Retention cohorts of a range. */
    public record Retention(DayRange range, Granularity period, RetentionBy by) implements Query {
        @Override
        public List<String> disagreements(Dataset engine, ReferenceModel model) {
            return AnalyticsAgreement.retention(engine, model, range, period, by);
        }

        @Override
        public ObjectNode toJson() {
            return kind("retention").put("from", range.from().toString()).put("to", range.to().toString())
                    .put("period", period.wireName()).put("by", by.wireName());
        }
    }

    private static ObjectNode kind(String kind) {
        return JSON.createObjectNode().put("kind", kind);
    }

    /** Every event in arrival order. */
    public List<Event> events() {
        List<Event> all = new ArrayList<>();
        batches.forEach(all::addAll);
        return all;
    }

    /** Runs the case in a new dataset of {@code engine} (deleted afterwards); the differences found. */
    public List<String> run(Engine engine) {
        Dataset d = engine.createDataset("dashboards-" + DATASETS.incrementAndGet(), DatasetSettings.defaults()
                .withTimezone(zone).withAttributionWindowHours(windowHours).withRfm(rfm));
        try {
            ReferenceModel model = new ReferenceModel(zone, windowHours, rfm);
            for (List<Event> batch : batches) {
                d.ingest(batch);
                model.ingest(batch);
            }
            List<String> diffs = new ArrayList<>();
            for (Query q : queries) {
                for (String diff : q.disagreements(d, model)) {
                    diffs.add(q.toJson() + ": " + diff);
                }
            }
            return diffs;
        } finally {
            engine.deleteDataset(d.name());
        }
    }

    // ---------------------------------------------------------------- regression files

    /** The case as a regression file. */
    public String toFile() {
        ObjectNode h = CaseFile.header(batches);
        h.put("zone", zone.getId());
        h.put("window_hours", windowHours);
        h.put("seed", seed);
        h.set("rfm", rfmJson(rfm));
        ArrayNode qs = h.putArray("queries");
        queries.forEach(q -> qs.add(q.toJson()));
        return CaseFile.write(h, zone, batches);
    }

    /** Reads a regression file written by {@link #toFile()}. */
    public static DashboardCase fromFile(String text) {
        CaseFile file = CaseFile.read(text);
        JsonNode h = file.header();
        List<List<Event>> batches = file.batches();
        List<Query> queries = new ArrayList<>();
        for (JsonNode q : h.get("queries")) {
            queries.add(query(q));
        }
        return new DashboardCase(ZoneId.of(h.get("zone").asText()), h.get("window_hours").asInt(),
                rfm(h.get("rfm")), h.get("seed").asLong(), batches, queries);
    }

    private static Query query(JsonNode n) {
        String kind = n.get("kind").asText();
        switch (kind) {
            case "users":
                return new Users(day(n, "today"));
            case "purchases":
                PurchaseCase.Query q = PurchaseCase.query(n);
                return new Purchases(q.spec(), q.filter());
            case "rfm":
                return new Rfm(day(n, "as_of"));
            case "transitions":
                return new Transitions(day(n, "from"), day(n, "to"), TransitionBy.fromWire(n.get("by").asText()));
            case "members":
                JsonNode s = n.get("segment");
                Segment segment = s.has("persona") ? Segment.persona(s.get("persona").asText())
                        : s.has("stage") ? Segment.stage(Stage.fromWire(s.get("stage").asText()))
                        : Segment.cell(s.get("r").asInt(), s.get("f").asInt(), s.get("m").asInt());
                String after = n.get("after").isNull() ? null : n.get("after").asText();
                return new Members(day(n, "as_of"), segment, n.get("limit").asInt(), after);
            case "retention":
                return new Retention(new DayRange(day(n, "from"), day(n, "to")),
                        Granularity.fromWire(n.get("period").asText()), RetentionBy.fromWire(n.get("by").asText()));
            default:
                throw new IllegalArgumentException("unknown query kind " + kind);
        }
    }

    private static LocalDate day(JsonNode n, String field) {
        return LocalDate.parse(n.get(field).asText());
    }

    private static ObjectNode rfmJson(RfmSettings rfm) {
        ObjectNode n = JSON.createObjectNode();
        n.put("lookback_days", rfm.lookbackDays());
        n.put("mode", rfm.mode().wireName());
        n.putArray("r").add(rfm.r().low()).add(rfm.r().high());
        n.putArray("f").add(rfm.f().low()).add(rfm.f().high());
        n.putArray("m").add(rfm.m().low()).add(rfm.m().high());
        ObjectNode personas = n.putObject("personas");
        rfm.personas().forEach((name, cells) -> {
            ArrayNode a = personas.putArray(name);
            cells.forEach(a::add);
        });
        return n;
    }

    private static RfmSettings rfm(JsonNode n) {
        Map<String, List<String>> personas = new LinkedHashMap<>();
        n.get("personas").properties().forEach(e -> {
            List<String> cells = new ArrayList<>();
            e.getValue().forEach(c -> cells.add(c.asText()));
            personas.put(e.getKey(), cells);
        });
        return new RfmSettings(n.get("lookback_days").asInt(), RfmSettings.Mode.fromWire(n.get("mode").asText()),
                thresholds(n.get("r")), thresholds(n.get("f")), thresholds(n.get("m")), personas);
    }

    private static RfmSettings.Thresholds thresholds(JsonNode pair) {
        return new RfmSettings.Thresholds(pair.get(0).asLong(), pair.get(1).asLong());
    }
}
