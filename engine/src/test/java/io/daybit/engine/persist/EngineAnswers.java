package io.daybit.engine.persist;

import io.daybit.engine.Dataset;
import io.daybit.engine.analytics.RetentionBy;
import io.daybit.engine.analytics.Segment;
import io.daybit.engine.analytics.Stage;
import io.daybit.engine.analytics.TransitionBy;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.query.Comparison;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.query.PurchaseFilter;
import io.daybit.engine.query.TimeSpec;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Every answer a dataset gives over a span of days, as a list of result records that two engines
 * fed the same events must give equally: the dataset's info and store names; the Customer Hub
 * queries over the whole span, each month, and random ranges, with both comparison kinds; users
 * and purchase activity under every kind of filter; RFM matrices, transitions and member pages;
 * retention cohorts.
 */
final class EngineAnswers {
    private EngineAnswers() {
    }

    static List<Object> of(Dataset d, LocalDate first, LocalDate last, long seed) {
        List<Object> answers = new ArrayList<>();
        answers.add(d.info().events());
        answers.add(d.info().accounts());
        answers.add(d.info().firstDay());
        answers.add(d.info().lastDay());
        answers.add(d.info().settings());
        answers.add(d.stores());
        List<DayRange> ranges = new ArrayList<>();
        ranges.add(new DayRange(first, last));
        for (LocalDate m = first.withDayOfMonth(1); !m.isAfter(last); m = m.plusMonths(1)) {
            ranges.add(new DayRange(m, m.plusMonths(1).minusDays(1)));
        }
        Random rnd = new Random(seed);
        int span = (int) (last.toEpochDay() - first.toEpochDay()) + 1;
        for (int i = 0; i < 8; i++) {
            LocalDate from = first.plusDays(rnd.nextInt(span));
            ranges.add(new DayRange(from, from.plusDays(rnd.nextInt(60))));
        }
        List<String> stores = d.stores();
        List<PurchaseFilter> filters = new ArrayList<>(List.of(PurchaseFilter.none(),
                new PurchaseFilter(PurchaseFilter.Consent.WITH, null, null, null, null),
                new PurchaseFilter(PurchaseFilter.Consent.WITHOUT, Channel.SMS, null, null, null),
                new PurchaseFilter(null, null, PurchaseFilter.Recency.NEW_30D, SalesChannel.WEB, null),
                new PurchaseFilter(null, null, PurchaseFilter.Recency.NEW_12M, null, null)));
        for (String store : stores) {
            filters.add(new PurchaseFilter(null, null, null, SalesChannel.STORE, store));
        }
        for (DayRange r : ranges) {
            for (Comparison c : List.of(Comparison.previousPeriod(), Comparison.previousYear())) {
                TimeSpec spec = TimeSpec.of(r).compare(c).today(last);
                answers.add(d.hubOverview(spec));
                answers.add(d.serviceInteractions(spec));
                for (Granularity g : Granularity.values()) {
                    answers.add(d.aov(spec, g));
                }
                for (PurchaseFilter f : filters) {
                    answers.add(d.purchases(spec, f));
                }
            }
        }
        LocalDate middle = first.plusDays(span / 2);
        for (LocalDate day : List.of(first, middle, last)) {
            answers.add(d.usersOverview(day));
            answers.add(d.rfm(day));
            answers.add(d.members(day, Segment.stage(Stage.ACTIVE), 50, null));
            answers.add(d.members(day, Segment.cell(3, 1, 1), 10_000, null));
        }
        for (TransitionBy by : TransitionBy.values()) {
            answers.add(d.transitions(middle, last, by));
        }
        for (Granularity period : List.of(Granularity.WEEK, Granularity.MONTH)) {
            for (RetentionBy by : RetentionBy.values()) {
                answers.add(d.retention(new DayRange(first, last), period, by));
            }
        }
        return answers;
    }
}
