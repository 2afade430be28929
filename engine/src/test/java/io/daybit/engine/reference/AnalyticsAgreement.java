package io.daybit.engine.reference;

import io.daybit.engine.Dataset;
import io.daybit.engine.analytics.Cohort;
import io.daybit.engine.analytics.MemberPage;
import io.daybit.engine.analytics.PersonaSummary;
import io.daybit.engine.analytics.RetentionBy;
import io.daybit.engine.analytics.RetentionReport;
import io.daybit.engine.analytics.RfmCell;
import io.daybit.engine.analytics.RfmReport;
import io.daybit.engine.analytics.ScoreThresholds;
import io.daybit.engine.analytics.Segment;
import io.daybit.engine.analytics.Stage;
import io.daybit.engine.analytics.TransitionBy;
import io.daybit.engine.analytics.TransitionMatrix;
import io.daybit.engine.model.Channel;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.query.Metric;
import io.daybit.engine.query.PurchaseActivity;
import io.daybit.engine.query.PurchaseFilter;
import io.daybit.engine.query.TimeSpec;
import io.daybit.engine.query.UsersOverview;
import io.daybit.engine.reference.ReferenceModel.Compared;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares the engine's Customer &amp; Business, RFM and retention answers (METRICS.md §4–6) with
 * the reference model's, field by field and exactly. Each method returns the differences found,
 * empty when they agree. Lists the contract leaves unordered (cells, transition labels) are
 * compared by key.
 */
public final class AnalyticsAgreement {
    private AnalyticsAgreement() {
    }

    /** Users overview as of {@code today}. */
    public static List<String> users(Dataset engine, ReferenceModel model, LocalDate today) {
        List<String> diffs = new ArrayList<>();
        UsersOverview u = engine.usersOverview(today);
        ReferenceModel.UsersRef r = model.usersOverview(today);
        eq("users.today", u.today(), today, diffs);
        eq("users", u.users(), r.users(), diffs);
        eq("consented", u.consented(), r.consented(), diffs);
        for (Channel ch : Channel.values()) {
            eq("consented_by_channel." + ch.wireName(), u.consentedByChannel().get(ch),
                    r.consentedByChannel().get(ch), diffs);
        }
        return diffs;
    }

    /** Purchase activity of a spec with a filter. */
    public static List<String> purchases(Dataset engine, ReferenceModel model, TimeSpec spec, PurchaseFilter filter) {
        List<String> diffs = new ArrayList<>();
        ReferenceModel.Frame frame = ReferenceModel.resolve(spec, engine.today());
        PurchaseActivity a = engine.purchases(spec, filter);
        ReferenceModel.PurchasesRef r = model.purchases(frame.range(), frame.comparison(), filter);
        eq("frame.range", a.frame().range(), frame.range(), diffs);
        eq("frame.comparison", a.frame().comparison(), frame.comparison(), diffs);
        eq("filters", a.filters(), filter, diffs);
        metric("purchases", a.purchases(), r.purchases(), diffs);
        metric("buyers", a.buyers(), r.buyers(), diffs);
        metric("revenue", a.revenue(), r.revenue(), diffs);
        metric("purchase_revenue", a.purchaseRevenue(), r.purchaseRevenue(), diffs);
        metric("aov", a.aov(), r.aov(), diffs);
        metric("items_per_purchase", a.itemsPerPurchase(), r.itemsPerPurchase(), diffs);
        metric("discount", a.discount(), r.discount(), diffs);
        return diffs;
    }

    /** The RFM report as of D, with the model's current settings (set the engine's alike). */
    public static List<String> rfm(Dataset engine, ReferenceModel model, LocalDate asOf) {
        List<String> diffs = new ArrayList<>();
        RfmReport e = engine.rfm(asOf);
        ReferenceModel.RfmRef r = model.rfm(asOf);
        eq("as_of", e.asOf(), asOf, diffs);
        eq("customers", e.customers(), r.customers(), diffs);
        eq("thresholds.r", e.r(), new ScoreThresholds(r.rT1(), r.rT2()), diffs);
        eq("thresholds.f", e.f(), new ScoreThresholds(r.fT1(), r.fT2()), diffs);
        eq("thresholds.m", e.m(), new ScoreThresholds(r.mT1(), r.mT2()), diffs);
        Map<String, RfmCell> cells = new HashMap<>();
        for (RfmCell c : e.cells()) {
            cells.put("" + c.r() + c.f() + c.m(), c);
        }
        eq("cells", cells.size(), 27, diffs);
        for (Map.Entry<String, Long> c : r.cells().entrySet()) {
            RfmCell got = cells.get(c.getKey());
            String key = c.getKey();
            RfmCell want = new RfmCell(key.charAt(0) - '0', key.charAt(1) - '0', key.charAt(2) - '0',
                    r.personaOfCell().get(key), c.getValue());
            eq("cell " + key, got, want, diffs);
        }
        for (Stage s : Stage.values()) {
            eq("stages." + s.wireName(), e.stages().get(s), r.stages().get(s.wireName()), diffs);
        }
        List<PersonaRefView> got = new ArrayList<>();
        for (PersonaSummary p : e.personas()) {
            got.add(new PersonaRefView(p.persona(), p.customers(), p.revenue(), p.revenueShare(), p.avgClv(),
                    p.avgOrders(), p.aov()));
        }
        List<PersonaRefView> want = new ArrayList<>();
        for (ReferenceModel.PersonaRef p : r.personas()) {
            want.add(new PersonaRefView(p.persona(), p.customers(), p.revenue(), p.revenueShare(), p.avgClv(),
                    p.avgOrders(), p.aov()));
        }
        eq("personas", got, want, diffs);
        return diffs;
    }

    private record PersonaRefView(String persona, long customers, long revenue, Double revenueShare, Double avgClv,
                                  Double avgOrders, Double aov) {
    }

    /** The transition matrix between D1 and D2, compared by label pairs. */
    public static List<String> transitions(Dataset engine, ReferenceModel model, LocalDate d1, LocalDate d2,
                                           TransitionBy by) {
        List<String> diffs = new ArrayList<>();
        TransitionMatrix m = engine.transitions(d1, d2, by);
        Map<String, Map<String, Long>> want = model.transitions(d1, d2, by);
        eq("from", m.from(), d1, diffs);
        eq("to", m.to(), d2, diffs);
        eq("by", m.by(), by, diffs);
        eq("labels", new HashSet<>(m.labels()), want.keySet(), diffs);
        eq("labels.size", m.labels().size(), want.size(), diffs);
        eq("last label", m.labels().isEmpty() ? null : m.labels().get(m.labels().size() - 1), ReferenceModel.NONE,
                diffs);
        if (m.counts().size() != m.labels().size()) {
            diffs.add("counts has " + m.counts().size() + " rows for " + m.labels().size() + " labels");
            return diffs;
        }
        for (int i = 0; i < m.labels().size(); i++) {
            for (int j = 0; j < m.labels().size(); j++) {
                Map<String, Long> row = want.get(m.labels().get(i));
                eq(m.labels().get(i) + "->" + m.labels().get(j), m.counts().get(i).get(j),
                        row == null ? null : row.get(m.labels().get(j)), diffs);
            }
        }
        return diffs;
    }

    /**
     * Pages through a segment with {@code limit}, starting after {@code after}, comparing every page
     * with the model's and following {@code next} to the end.
     */
    public static List<String> members(Dataset engine, ReferenceModel model, LocalDate asOf, Segment segment,
                                       int limit, String after) {
        List<String> diffs = new ArrayList<>();
        String cursor = after;
        for (int page = 0; page < 10_000; page++) {
            MemberPage got = engine.members(asOf, segment, limit, cursor);
            ReferenceModel.MembersRef want = model.members(asOf, segment, limit, cursor);
            eq("page " + page + " after " + cursor, new ReferenceModel.MembersRef(got.accounts(), got.next()), want,
                    diffs);
            if (!diffs.isEmpty() || want.next() == null) {
                break;
            }
            cursor = want.next();
        }
        return diffs;
    }

    /** Retention cohorts of a range. */
    public static List<String> retention(Dataset engine, ReferenceModel model, DayRange range, Granularity period,
                                         RetentionBy by) {
        List<String> diffs = new ArrayList<>();
        RetentionReport e = engine.retention(range, period, by);
        eq("range", e.range(), range, diffs);
        eq("period", e.period(), period, diffs);
        eq("by", e.by(), by, diffs);
        List<ReferenceModel.CohortRef> got = new ArrayList<>();
        for (Cohort c : e.cohorts()) {
            got.add(new ReferenceModel.CohortRef(c.start(), c.end(), c.size(), c.retained()));
        }
        eq("cohorts", got, model.retention(range, period, by), diffs);
        return diffs;
    }

    private static <T extends Number> void metric(String name, Metric<T> actual, Compared<T> expected,
                                                  List<String> diffs) {
        if (actual == null) {
            diffs.add(name + " is null");
            return;
        }
        eq(name, new Compared<>(actual.value(), actual.previous(), actual.changePct(),
                actual.direction() == null ? null : actual.direction().wireName()), expected, diffs);
    }

    private static void eq(String name, Object actual, Object expected, List<String> diffs) {
        if (!Objects.equals(actual, expected)) {
            diffs.add(name + " " + actual + ", want " + expected);
        }
    }
}
