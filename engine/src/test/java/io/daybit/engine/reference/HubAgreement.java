package io.daybit.engine.reference;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetInfo;
import io.daybit.engine.InvalidRequestException;
import io.daybit.engine.model.ServiceAction;
import io.daybit.engine.query.AovBucket;
import io.daybit.engine.query.AovReport;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.query.HubOverview;
import io.daybit.engine.query.Metric;
import io.daybit.engine.query.QueryLimits;
import io.daybit.engine.query.ServiceInteractions;
import io.daybit.engine.query.TimeFrame;
import io.daybit.engine.query.TimeSpec;
import io.daybit.engine.reference.ReferenceModel.Compared;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compares the engine's Customer Hub answers (METRICS.md §3) with the reference model's, field by
 * field and exactly (doubles included: both sides apply the same literal formula to the same
 * integers). Each method returns the differences found, empty when they agree.
 */
public final class HubAgreement {
    private HubAgreement() {
    }

    /** Overview, service interactions and AOV (at {@code granularity}) of one spec. */
    public static List<String> check(Dataset engine, ReferenceModel model, TimeSpec spec, Granularity granularity) {
        List<String> diffs = new ArrayList<>();
        ReferenceModel.Frame frame = ReferenceModel.resolve(spec, engine.today());

        HubOverview o = engine.hubOverview(spec);
        frame("overview", o.frame(), frame, diffs);
        ReferenceModel.HubOverviewRef ro = model.hubOverview(frame.range(), frame.comparison());
        metric("total_accounts", o.totalAccounts(), ro.totalAccounts(), diffs);
        metric("new_accounts", o.newAccounts(), ro.newAccounts(), diffs);
        metric("active_accounts", o.activeAccounts(), ro.activeAccounts(), diffs);
        metric("service_interactions", o.serviceInteractions(), ro.serviceInteractions(), diffs);
        metric("revenue_generated", o.revenueGenerated(), ro.revenueGenerated(), diffs);

        ServiceInteractions s = engine.serviceInteractions(spec);
        frame("service", s.frame(), frame, diffs);
        ReferenceModel.ServiceRef rs = model.serviceInteractions(frame.range(), frame.comparison());
        metric("service.total", s.total(), rs.total(), diffs);
        if (s.byAction().size() != ServiceAction.values().length) {
            diffs.add("service.by_action has " + s.byAction().keySet() + ", want all five");
        }
        for (ServiceAction a : ServiceAction.values()) {
            metric("service." + a.wireName(), s.byAction().get(a), rs.byAction().get(a), diffs);
        }

        ReferenceModel.AovRef ra = model.aov(frame.range(), frame.comparison(), granularity);
        if (ra.series().size() > QueryLimits.MAX_BUCKETS) {
            // past the limit on one question's cost: refused, naming the parameter, instead of answered
            try {
                engine.aov(spec, granularity);
                diffs.add("aov of " + ra.series().size() + " buckets answered, want it refused (at most "
                        + QueryLimits.MAX_BUCKETS + ")");
            } catch (InvalidRequestException e) {
                if (!e.params().equals(List.of("granularity"))) {
                    diffs.add("aov of " + ra.series().size() + " buckets refused naming " + e.params()
                            + ", want [granularity]");
                }
            }
            return diffs;
        }
        AovReport a = engine.aov(spec, granularity);
        frame("aov", a.frame(), frame, diffs);
        metric("aov", a.aov(), ra.aov(), diffs);
        metric("aov.orders", a.orders(), ra.orders(), diffs);
        metric("aov.revenue", a.revenue(), ra.revenue(), diffs);
        if (a.series().size() != ra.series().size()) {
            diffs.add("aov.series has " + a.series().size() + " buckets, want " + ra.series().size());
        } else {
            for (int i = 0; i < a.series().size(); i++) {
                AovBucket b = a.series().get(i);
                ReferenceModel.Bucket rb = ra.series().get(i);
                ReferenceModel.Bucket eb = new ReferenceModel.Bucket(b.start(), b.end(), b.orders(), b.revenue(), b.aov());
                if (!eb.equals(rb)) {
                    diffs.add("aov.series[" + i + "] " + eb + ", want " + rb);
                }
            }
        }
        return diffs;
    }

    /** Dataset counts: accounts (guests included), events, first and last day. */
    public static List<String> checkInfo(Dataset engine, ReferenceModel model) {
        List<String> diffs = new ArrayList<>();
        DatasetInfo i = engine.info();
        ReferenceModel.Info r = model.info();
        ReferenceModel.Info e = new ReferenceModel.Info(i.accounts(), i.events(), i.firstDay(), i.lastDay());
        if (!e.equals(r)) {
            diffs.add("info " + e + ", want " + r);
        }
        return diffs;
    }

    private static void frame(String what, TimeFrame actual, ReferenceModel.Frame expected, List<String> diffs) {
        if (!Objects.equals(actual.range(), expected.range()) || !Objects.equals(actual.comparison(), expected.comparison())
                || !Objects.equals(actual.today(), expected.today())) {
            diffs.add(what + " frame " + actual + ", want " + expected);
        }
    }

    private static <T extends Number> void metric(String name, Metric<T> actual, Compared<T> expected,
                                                  List<String> diffs) {
        if (actual == null) {
            diffs.add(name + " is null");
            return;
        }
        Compared<T> a = new Compared<>(actual.value(), actual.previous(), actual.changePct(),
                actual.direction() == null ? null : actual.direction().wireName());
        if (!a.equals(expected)) {
            diffs.add(name + " " + a + ", want " + expected);
        }
    }
}
