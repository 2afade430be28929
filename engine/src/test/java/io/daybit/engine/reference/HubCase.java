package io.daybit.engine.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.codec.EventEncoder;
import io.daybit.engine.codec.Rejection;
import io.daybit.engine.ingest.IngestResult;
import io.daybit.engine.model.Event;
import io.daybit.engine.query.Comparison;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.query.Preset;
import io.daybit.engine.query.TimeSpec;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One property-test case of the Customer Hub: a dataset's zone and attribution window, the events
 * in their arrival batches, and the queries to compare. It runs the same batches through a fresh
 * engine dataset and a {@link ReferenceModel}, shrinks itself when it fails, and reads and writes
 * itself as a regression file:
 *
 * <pre>
 * line 1      {"zone": …, "window_hours": …, "seed": …, "batches": [sizes…], "queries": [{…}, …]}
 * lines 2…    the events in arrival order, one NDJSON line each (EventEncoder's wire format)
 * </pre>
 *
 * @param zone        the dataset's timezone
 * @param windowHours the dataset's attribution window
 * @param seed        the seed that generated the case (for the record only)
 * @param batches     the events in arrival order, split into ingest batches
 * @param queries     the queries to compare
 */
public record HubCase(ZoneId zone, int windowHours, long seed, List<List<Event>> batches, List<Query> queries) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong DATASETS = new AtomicLong();

    /** One query: a time spec and the AOV series granularity. */
    public record Query(TimeSpec spec, Granularity granularity) {
    }

    public HubCase {
        batches = batches.stream().map(List::copyOf).filter(b -> !b.isEmpty()).toList();
        queries = List.copyOf(queries);
    }

    /** Every event in arrival order. */
    public List<Event> events() {
        List<Event> all = new ArrayList<>();
        batches.forEach(all::addAll);
        return all;
    }

    /**
     * Runs the case in a new dataset of {@code engine} (deleted afterwards) and returns every
     * difference between the engine and the reference model, empty when they agree.
     */
    public List<String> run(Engine engine) {
        Dataset d = engine.createDataset("case-" + DATASETS.incrementAndGet(), DatasetSettings.defaults()
                .withTimezone(zone).withAttributionWindowHours(windowHours));
        try {
            ReferenceModel model = new ReferenceModel(zone, windowHours, d.settings().rfm());
            List<String> diffs = new ArrayList<>();
            for (int b = 0; b < batches.size(); b++) {
                List<Event> batch = batches.get(b);
                IngestResult got = d.ingest(batch);
                List<Integer> want = model.ingest(batch);
                List<Integer> gotLines = got.rejected().stream().map(Rejection::line).toList();
                if (!gotLines.equals(want) || got.accepted() != batch.size() - want.size()) {
                    diffs.add("batch " + b + ": accepted " + got.accepted() + " rejected " + gotLines + ", want rejected "
                            + want);
                }
            }
            diffs.addAll(HubAgreement.checkInfo(d, model));
            for (Query q : queries) {
                for (String diff : HubAgreement.check(d, model, q.spec(), q.granularity())) {
                    diffs.add(describe(q) + ": " + diff);
                }
            }
            return diffs;
        } finally {
            engine.deleteDataset(d.name());
        }
    }

    /**
     * A smaller case that still fails: first one batch and only the first failing query, then
     * whole chunks of events removed while the failure remains, down to single events.
     */
    public HubCase shrink(Engine engine) {
        HubCase best = this;
        for (Query q : queries) {
            HubCase one = new HubCase(zone, windowHours, seed, batches, List.of(q));
            if (!one.run(engine).isEmpty()) {
                best = one;
                break;
            }
        }
        HubCase single = new HubCase(zone, windowHours, seed, List.of(best.events()), best.queries);
        if (!single.run(engine).isEmpty()) {
            best = single;
        }
        for (int chunk = Math.max(1, best.events().size() / 2); ; chunk = Math.max(1, chunk / 2)) {
            int start = 0;
            while (start < best.events().size()) {
                HubCase smaller = best.without(start, Math.min(best.events().size(), start + chunk));
                if (!smaller.run(engine).isEmpty()) {
                    best = smaller; // the events after start moved down: try the same position again
                } else {
                    start += chunk;
                }
            }
            if (chunk == 1) {
                break;
            }
        }
        return best;
    }

    /** The case without the events at arrival positions [from, to). */
    private HubCase without(int from, int to) {
        List<List<Event>> out = new ArrayList<>();
        int i = 0;
        for (List<Event> batch : batches) {
            List<Event> kept = new ArrayList<>();
            for (Event e : batch) {
                if (i < from || i >= to) {
                    kept.add(e);
                }
                i++;
            }
            out.add(kept);
        }
        return new HubCase(zone, windowHours, seed, out, queries);
    }

    /** A one-line description of a query, as parameters of the HTTP API. */
    public static String describe(Query q) {
        return header(q).toString();
    }

    // ---------------------------------------------------------------- regression files

    /** The case as a regression file. */
    public String toFile() {
        ObjectNode h = CaseFile.header(batches);
        h.put("zone", zone.getId());
        h.put("window_hours", windowHours);
        h.put("seed", seed);
        ArrayNode qs = h.putArray("queries");
        queries.forEach(q -> qs.add(header(q)));
        return CaseFile.write(h, zone, batches);
    }

    /** Reads a regression file written by {@link #toFile()}. */
    public static HubCase fromFile(String text) {
        CaseFile file = CaseFile.read(text);
        JsonNode h = file.header();
        List<List<Event>> batches = file.batches();
        List<Query> queries = new ArrayList<>();
        for (JsonNode q : h.get("queries")) {
            queries.add(query(q));
        }
        return new HubCase(ZoneId.of(h.get("zone").asText()), h.get("window_hours").asInt(),
                h.get("seed").asLong(), batches, queries);
    }

    private static ObjectNode header(Query q) {
        ObjectNode n = JSON.createObjectNode();
        TimeSpec s = q.spec();
        if (s.preset() != null) {
            n.put("preset", s.preset().wireName());
        } else {
            n.put("from", s.range().from().toString());
            n.put("to", s.range().to().toString());
        }
        n.put("compare", s.comparison().kind().name().toLowerCase(java.util.Locale.ROOT));
        if (s.comparison().custom() != null) {
            n.put("compare_from", s.comparison().custom().from().toString());
            n.put("compare_to", s.comparison().custom().to().toString());
        }
        if (s.today() != null) {
            n.put("today", s.today().toString());
        }
        n.put("granularity", q.granularity().wireName());
        return n;
    }

    private static Query query(JsonNode n) {
        TimeSpec s = n.has("preset") ? TimeSpec.of(Preset.fromWire(n.get("preset").asText()))
                : TimeSpec.of(LocalDate.parse(n.get("from").asText()), LocalDate.parse(n.get("to").asText()));
        Comparison c;
        switch (n.get("compare").asText()) {
            case "previous_year":
                c = Comparison.previousYear();
                break;
            case "none":
                c = Comparison.none();
                break;
            case "custom":
                c = Comparison.custom(new DayRange(LocalDate.parse(n.get("compare_from").asText()),
                        LocalDate.parse(n.get("compare_to").asText())));
                break;
            default:
                c = Comparison.previousPeriod();
        }
        s = s.compare(c);
        if (n.has("today")) {
            s = s.today(LocalDate.parse(n.get("today").asText()));
        }
        return new Query(s, Granularity.fromWire(n.get("granularity").asText()));
    }
}
