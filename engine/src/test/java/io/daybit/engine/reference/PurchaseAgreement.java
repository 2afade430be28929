package io.daybit.engine.reference;

import io.daybit.engine.Dataset;
import io.daybit.engine.model.Channel;
import io.daybit.engine.query.Metric;
import io.daybit.engine.query.PurchaseActivity;
import io.daybit.engine.query.PurchaseFilter;
import io.daybit.engine.query.TimeSpec;
import io.daybit.engine.query.UsersOverview;
import io.daybit.engine.reference.ReferenceModel.Compared;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compares the engine's Customer &amp; Business answers (METRICS.md §4) with the reference model's,
 * field by field and exactly. Each method returns the differences found, empty when they agree.
 */
public final class PurchaseAgreement {
    private PurchaseAgreement() {
    }

    /** Purchase activity of one spec and filter, with its comparison. */
    public static List<String> check(Dataset engine, ReferenceModel model, TimeSpec spec, PurchaseFilter filter) {
        List<String> diffs = new ArrayList<>();
        ReferenceModel.Frame frame = ReferenceModel.resolve(spec, engine.today());
        PurchaseActivity a = engine.purchases(spec, filter);
        if (!Objects.equals(a.frame().range(), frame.range())
                || !Objects.equals(a.frame().comparison(), frame.comparison())) {
            diffs.add("frame " + a.frame() + ", want " + frame);
        }
        if (!Objects.equals(a.filters(), filter)) {
            diffs.add("filters " + a.filters() + ", want " + filter);
        }
        ReferenceModel.PurchasesRef r = model.purchases(frame.range(), frame.comparison(), filter);
        metric("purchases", a.purchases(), r.purchases(), diffs);
        metric("buyers", a.buyers(), r.buyers(), diffs);
        metric("revenue", a.revenue(), r.revenue(), diffs);
        metric("purchase_revenue", a.purchaseRevenue(), r.purchaseRevenue(), diffs);
        metric("aov", a.aov(), r.aov(), diffs);
        metric("items_per_purchase", a.itemsPerPurchase(), r.itemsPerPurchase(), diffs);
        metric("discount", a.discount(), r.discount(), diffs);
        return diffs;
    }

    /** The users overview as of a day. */
    public static List<String> checkUsers(Dataset engine, ReferenceModel model, LocalDate today) {
        List<String> diffs = new ArrayList<>();
        UsersOverview u = engine.usersOverview(today);
        ReferenceModel.UsersRef r = model.usersOverview(today);
        ReferenceModel.UsersRef got = new ReferenceModel.UsersRef(u.users(), u.consented(), u.consentedByChannel());
        if (!got.equals(r) || u.consentedByChannel().size() != Channel.values().length) {
            diffs.add("users overview " + today + " " + got + ", want " + r);
        }
        return diffs;
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
