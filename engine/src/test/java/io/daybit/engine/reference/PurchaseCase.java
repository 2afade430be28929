package io.daybit.engine.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.codec.EventEncoder;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.query.Comparison;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Preset;
import io.daybit.engine.query.PurchaseFilter;
import io.daybit.engine.query.TimeSpec;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One property-test case of the Customer &amp; Business dashboard (METRICS.md §4): a zone, the events
 * in their arrival batches, the purchase-activity queries (spec and filters) and the days of the
 * users overviews to compare. It runs through a fresh engine dataset and a {@link ReferenceModel},
 * shrinks itself when it fails, and reads and writes itself as a regression file:
 *
 * <pre>
 * line 1      {"zone": …, "seed": …, "batches": [sizes…], "queries": [{…}, …], "users": ["2024-03-01", …]}
 * lines 2…    the events in arrival order, one NDJSON line each (EventEncoder's wire format)
 * </pre>
 *
 * @param zone    the dataset's timezone
 * @param seed    the seed that generated the case (for the record only)
 * @param batches the events in arrival order, split into ingest batches
 * @param queries the purchase-activity queries
 * @param users   the todays of the users overviews
 */
public record PurchaseCase(ZoneId zone, long seed, List<List<Event>> batches, List<Query> queries,
                           List<LocalDate> users) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong DATASETS = new AtomicLong();

    /** One purchase-activity query. */
    public record Query(TimeSpec spec, PurchaseFilter filter) {
    }

    public PurchaseCase {
        batches = batches.stream().map(List::copyOf).filter(b -> !b.isEmpty()).toList();
        queries = List.copyOf(queries);
        users = List.copyOf(users);
    }

    /** Every event in arrival order. */
    public List<Event> events() {
        List<Event> all = new ArrayList<>();
        batches.forEach(all::addAll);
        return all;
    }

    /** Runs the case in a new dataset of {@code engine} (deleted afterwards); the differences found. */
    public List<String> run(Engine engine) {
        Dataset d = engine.createDataset("purchases-" + DATASETS.incrementAndGet(),
                DatasetSettings.defaults().withTimezone(zone));
        try {
            ReferenceModel model = new ReferenceModel(zone, d.settings().attributionWindowHours(), d.settings().rfm());
            for (List<Event> batch : batches) {
                d.ingest(batch);
                model.ingest(batch);
            }
            List<String> diffs = new ArrayList<>();
            for (Query q : queries) {
                for (String diff : PurchaseAgreement.check(d, model, q.spec(), q.filter())) {
                    diffs.add(header(q) + ": " + diff);
                }
            }
            for (LocalDate today : users) {
                diffs.addAll(PurchaseAgreement.checkUsers(d, model, today));
            }
            if (!d.stores().equals(model.stores())) {
                diffs.add("stores " + d.stores() + ", want " + model.stores());
            }
            return diffs;
        } finally {
            engine.deleteDataset(d.name());
        }
    }

    /**
     * A smaller case that still fails: one failing query (or users day), one batch if that still
     * fails, then chunks of events removed while the failure remains, down to single events.
     */
    public PurchaseCase shrink(Engine engine) {
        PurchaseCase best = this;
        boolean found = false;
        for (Query q : queries) {
            PurchaseCase one = new PurchaseCase(zone, seed, batches, List.of(q), List.of());
            if (!one.run(engine).isEmpty()) {
                best = one;
                found = true;
                break;
            }
        }
        for (int i = 0; i < users.size() && !found; i++) {
            PurchaseCase one = new PurchaseCase(zone, seed, batches, List.of(), List.of(users.get(i)));
            if (!one.run(engine).isEmpty()) {
                best = one;
                found = true;
            }
        }
        PurchaseCase single = new PurchaseCase(zone, seed, List.of(best.events()), best.queries, best.users);
        if (!single.run(engine).isEmpty()) {
            best = single;
        }
        for (int chunk = Math.max(1, best.events().size() / 2); ; chunk = Math.max(1, chunk / 2)) {
            int start = 0;
            while (start < best.events().size()) {
                PurchaseCase smaller = best.without(start, Math.min(best.events().size(), start + chunk));
                if (!smaller.run(engine).isEmpty()) {
                    best = smaller;
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

    private PurchaseCase without(int from, int to) {
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
        return new PurchaseCase(zone, seed, out, queries, users);
    }

    // ---------------------------------------------------------------- regression files

    /** The case as a regression file. */
    public String toFile() {
        ObjectNode h = CaseFile.header(batches);
        h.put("zone", zone.getId());
        h.put("seed", seed);
        ArrayNode qs = h.putArray("queries");
        queries.forEach(q -> qs.add(header(q)));
        ArrayNode us = h.putArray("users");
        users.forEach(u -> us.add(u.toString()));
        return CaseFile.write(h, zone, batches);
    }

    /** Reads a regression file written by {@link #toFile()}. */
    public static PurchaseCase fromFile(String text) {
        CaseFile file = CaseFile.read(text);
        JsonNode h = file.header();
        List<List<Event>> batches = file.batches();
        List<Query> queries = new ArrayList<>();
        for (JsonNode q : h.get("queries")) {
            queries.add(query(q));
        }
        List<LocalDate> users = new ArrayList<>();
        for (JsonNode u : h.get("users")) {
            users.add(LocalDate.parse(u.asText()));
        }
        return new PurchaseCase(ZoneId.of(h.get("zone").asText()), h.get("seed").asLong(), batches, queries,
                users);
    }

    /** A query as the parameters of the HTTP API. */
    public static ObjectNode header(Query q) {
        ObjectNode n = JSON.createObjectNode();
        TimeSpec s = q.spec();
        if (s.preset() != null) {
            n.put("preset", s.preset().wireName());
        } else {
            n.put("from", s.range().from().toString());
            n.put("to", s.range().to().toString());
        }
        n.put("compare", s.comparison().kind().name().toLowerCase(Locale.ROOT));
        if (s.comparison().custom() != null) {
            n.put("compare_from", s.comparison().custom().from().toString());
            n.put("compare_to", s.comparison().custom().to().toString());
        }
        if (s.today() != null) {
            n.put("today", s.today().toString());
        }
        PurchaseFilter f = q.filter();
        if (f.consent() != null) {
            n.put("consent", f.consent().wireName());
        }
        if (f.consentChannel() != null) {
            n.put("consent_channel", f.consentChannel().wireName());
        }
        if (f.recency() != null) {
            n.put("recency", f.recency().wireName());
        }
        if (f.channel() != null) {
            n.put("channel", f.channel().wireName());
        }
        if (f.store() != null) {
            n.put("store", f.store());
        }
        return n;
    }

    /** Reads a query written by {@link #header(Query)}. */
    public static Query query(JsonNode n) {
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
        PurchaseFilter f = new PurchaseFilter(
                n.has("consent") ? PurchaseFilter.Consent.fromWire(n.get("consent").asText()) : null,
                n.has("consent_channel") ? Channel.fromWire(n.get("consent_channel").asText()) : null,
                n.has("recency") ? PurchaseFilter.Recency.fromWire(n.get("recency").asText()) : null,
                n.has("channel") ? SalesChannel.fromWire(n.get("channel").asText()) : null,
                n.has("store") ? n.get("store").asText() : null);
        return new Query(s, f);
    }
}
