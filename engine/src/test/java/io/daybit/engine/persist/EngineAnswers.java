package io.daybit.engine.persist;

import io.daybit.engine.Dataset;
import io.daybit.engine.query.Comparison;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.query.TimeSpec;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Every answer a dataset gives over a span of days, as a list of result records that two engines
 * fed the same events must give equally: the dataset's info and store names, and the Customer Hub
 * queries over the whole span, each month, and random ranges, with both comparison kinds.
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
        for (DayRange r : ranges) {
            for (Comparison c : List.of(Comparison.previousPeriod(), Comparison.previousYear())) {
                TimeSpec spec = TimeSpec.of(r).compare(c).today(last);
                answers.add(d.hubOverview(spec));
                answers.add(d.serviceInteractions(spec));
                for (Granularity g : Granularity.values()) {
                    answers.add(d.aov(spec, g));
                }
            }
        }
        return answers;
    }
}
