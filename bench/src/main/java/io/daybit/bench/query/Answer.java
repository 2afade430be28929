package io.daybit.bench.query;

import io.daybit.engine.analytics.Cohort;
import io.daybit.engine.analytics.MemberPage;
import io.daybit.engine.analytics.PersonaSummary;
import io.daybit.engine.analytics.RetentionReport;
import io.daybit.engine.analytics.RfmCell;
import io.daybit.engine.analytics.RfmReport;
import io.daybit.engine.analytics.Stage;
import io.daybit.engine.analytics.TransitionMatrix;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.ServiceAction;
import io.daybit.engine.query.AovBucket;
import io.daybit.engine.query.AovReport;
import io.daybit.engine.query.HubOverview;
import io.daybit.engine.query.Metric;
import io.daybit.engine.query.PurchaseActivity;
import io.daybit.engine.query.ServiceInteractions;
import io.daybit.engine.query.UsersOverview;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An answer reduced to named numbers, so that Daybit's result records and DuckDB's result sets can
 * be compared field by field: {@code Long} exactly, {@code Double} within 1e-9 relative, lists of
 * ids and counts exactly. Zero counts of a transition matrix are left out on both sides.
 */
public final class Answer {
    private final Map<String, Object> fields = new TreeMap<>();

    /** Sets a field; returns this. */
    public Answer put(String name, Object value) {
        fields.put(name, value);
        return this;
    }

    /** A metric's value and previous value under {@code name} and {@code name.previous}. */
    public Answer metric(String name, Metric<?> m) {
        put(name, m.value());
        return put(name + ".previous", m.previous());
    }

    /** The fields, by name. */
    public Map<String, Object> fields() {
        return fields;
    }

    /**
     * The differences between two answers, empty when they agree.
     */
    public static List<String> differences(Answer daybit, Answer duckdb) {
        List<String> out = new ArrayList<>();
        Set<String> names = new TreeSet<>(daybit.fields.keySet());
        names.addAll(duckdb.fields.keySet());
        for (String n : names) {
            Object a = daybit.fields.get(n);
            Object b = duckdb.fields.get(n);
            if (!same(a, b)) {
                out.add(n + ": daybit " + abbreviate(a) + ", duckdb " + abbreviate(b));
            }
        }
        return out;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Double && b instanceof Double) {
            double x = (Double) a;
            double y = (Double) b;
            return x == y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
        }
        return Objects.equals(a, b);
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    @Override
    public String toString() {
        return fields.toString();
    }

    /** Daybit's result record of a question, reduced. */
    public static Answer of(Object result) {
        if (result instanceof HubOverview) {
            HubOverview o = (HubOverview) result;
            return new Answer().metric("total_accounts", o.totalAccounts()).metric("new_accounts", o.newAccounts())
                    .metric("active_accounts", o.activeAccounts())
                    .metric("service_interactions", o.serviceInteractions())
                    .metric("revenue_generated", o.revenueGenerated());
        }
        if (result instanceof ServiceInteractions) {
            ServiceInteractions s = (ServiceInteractions) result;
            Answer a = new Answer().metric("total", s.total());
            for (ServiceAction action : ServiceAction.values()) {
                a.metric(action.wireName(), s.byAction().get(action));
            }
            return a;
        }
        if (result instanceof AovReport) {
            AovReport r = (AovReport) result;
            Answer a = new Answer().metric("aov", r.aov()).metric("orders", r.orders()).metric("revenue", r.revenue());
            for (AovBucket b : r.series()) {
                a.put("series." + b.start() + "." + b.end(), List.of(b.orders(), b.revenue()));
                a.put("series." + b.start() + ".aov", b.aov());
            }
            return a;
        }
        if (result instanceof UsersOverview) {
            UsersOverview u = (UsersOverview) result;
            Answer a = new Answer().put("users", u.users()).put("consented", u.consented());
            for (Channel c : Channel.values()) {
                a.put("consented." + c.wireName(), u.consentedByChannel().get(c));
            }
            return a;
        }
        if (result instanceof PurchaseActivity) {
            PurchaseActivity p = (PurchaseActivity) result;
            return new Answer().metric("purchases", p.purchases()).metric("buyers", p.buyers())
                    .metric("revenue", p.revenue()).metric("purchase_revenue", p.purchaseRevenue())
                    .metric("aov", p.aov()).metric("items_per_purchase", p.itemsPerPurchase())
                    .metric("discount", p.discount());
        }
        if (result instanceof RfmReport) {
            RfmReport r = (RfmReport) result;
            Answer a = new Answer().put("customers", r.customers())
                    .put("r.t1", r.r().t1()).put("r.t2", r.r().t2())
                    .put("f.t1", r.f().t1()).put("f.t2", r.f().t2())
                    .put("m.t1", r.m().t1()).put("m.t2", r.m().t2());
            for (RfmCell c : r.cells()) {
                a.put("cell." + c.r() + c.f() + c.m(), c.customers());
            }
            for (Stage s : Stage.values()) {
                a.put("stage." + s.wireName(), r.stages().get(s));
            }
            for (PersonaSummary p : r.personas()) {
                String k = "persona." + p.persona() + ".";
                a.put(k + "customers", p.customers()).put(k + "revenue", p.revenue())
                        .put(k + "revenue_share", p.revenueShare()).put(k + "avg_clv", p.avgClv())
                        .put(k + "avg_orders", p.avgOrders()).put(k + "aov", p.aov());
            }
            return a;
        }
        if (result instanceof TransitionMatrix) {
            TransitionMatrix t = (TransitionMatrix) result;
            Answer a = new Answer();
            for (int i = 0; i < t.labels().size(); i++) {
                for (int j = 0; j < t.labels().size(); j++) {
                    long n = t.counts().get(i).get(j);
                    if (n != 0) {
                        a.put(t.labels().get(i) + "->" + t.labels().get(j), n);
                    }
                }
            }
            return a;
        }
        if (result instanceof MemberPage) {
            MemberPage m = (MemberPage) result;
            return new Answer().put("accounts", m.accounts()).put("next", m.next());
        }
        if (result instanceof RetentionReport) {
            RetentionReport r = (RetentionReport) result;
            Answer a = new Answer();
            for (Cohort c : r.cohorts()) {
                a.put("cohort." + c.start() + "." + c.end() + ".size", c.size());
                a.put("cohort." + c.start() + ".retained", c.retained());
            }
            return a;
        }
        throw new IllegalArgumentException("no reduction for " + result.getClass().getName());
    }
}
