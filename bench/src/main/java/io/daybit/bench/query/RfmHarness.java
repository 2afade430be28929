package io.daybit.bench.query;

import io.daybit.bench.state.RfmScaleData;
import io.daybit.engine.Dataset;
import io.daybit.engine.RfmSettings;
import io.daybit.engine.analytics.MemberPage;
import io.daybit.engine.analytics.RfmCell;
import io.daybit.engine.analytics.RfmReport;
import io.daybit.engine.analytics.Segment;
import io.daybit.engine.analytics.TransitionBy;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.Order;
import io.daybit.engine.model.OrderLine;
import io.daybit.engine.model.SalesChannel;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A timed walk through every RFM question at scale, for a quick look without JMH: checks the
 * engine's matrix against a plain computation on a few days, then times the first sweep, reports
 * of every day, transitions, member pages, and the cost of new orders for the last day and of late
 * orders. Medians and 90th percentiles in milliseconds.
 *
 * <pre>
 * java -Xmx8g -cp bench/target/daybit-bench.jar io.daybit.bench.query.RfmHarness 1000000 730
 * </pre>
 */
public final class RfmHarness {
    private RfmHarness() {
    }

    public static void main(String[] args) {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 730;
        long t0 = System.nanoTime();
        try (RfmScaleData data = new RfmScaleData(accounts, days, 42)) {
            Dataset ds = data.dataset();
            System.out.printf("%,d accounts, %,d days, %,d events (%,d orders) built in %.1f s%n", accounts, days,
                    data.events(), data.orders(), (System.nanoTime() - t0) / 1e9);
            LocalDate end = RfmScaleData.END;
            long s = System.nanoTime();
            ds.rfm(end);
            System.out.printf("first RFM (sweep of every day): %.0f ms%n", (System.nanoTime() - s) / 1e6);
            for (int lookback : new int[] {364, 365, 366, 365}) {
                RfmSettings d0 = RfmSettings.defaults();
                ds.updateRfm(new RfmSettings(lookback, d0.mode(), d0.r(), d0.f(), d0.m(), d0.personas()));
                s = System.nanoTime();
                ds.rfm(end);
                System.out.printf("sweep again (lookback %d): %.0f ms%n", lookback, (System.nanoTime() - s) / 1e6);
            }
            for (LocalDate d : List.of(end, end.minusDays(200), data.first().plusDays(100))) {
                long[] want = data.bruteForceCells(d);
                long[] got = new long[27];
                RfmReport r = ds.rfm(d);
                for (RfmCell c : r.cells()) {
                    got[(c.r() - 1) * 9 + (c.f() - 1) * 3 + c.m() - 1] = c.customers();
                }
                if (!Arrays.equals(want, got)) {
                    throw new AssertionError("cells of " + d + " " + Arrays.toString(got) + ", want "
                            + Arrays.toString(want));
                }
                System.out.printf("checked %s: %,d customers%n", d, r.customers());
            }
            SplittableRandom random = new SplittableRandom(7);
            double[] t = new double[days];
            for (int i = 0; i < days; i++) {
                LocalDate d = data.first().plusDays(i);
                long a = System.nanoTime();
                ds.rfm(d);
                t[i] = (System.nanoTime() - a) / 1e6;
            }
            print("rfm, each day once", t);
            t = new double[200];
            for (int i = 0; i < t.length; i++) {
                LocalDate d = data.first().plusDays(random.nextInt(days));
                long a = System.nanoTime();
                ds.rfm(d);
                t[i] = (System.nanoTime() - a) / 1e6;
            }
            print("rfm, random day again", t);
            t = new double[60];
            for (int i = 0; i < t.length; i++) {
                int x = random.nextInt(days - 1);
                LocalDate d1 = data.first().plusDays(x);
                LocalDate d2 = d1.plusDays(1 + random.nextInt(days - 1 - x));
                long a = System.nanoTime();
                ds.transitions(d1, d2, TransitionBy.values()[i % 3]);
                t[i] = (System.nanoTime() - a) / 1e6;
            }
            print("transitions, random D1 < D2", t);
            double[] fresh = new double[30];
            double[] next = new double[30];
            for (int i = 0; i < fresh.length; i++) {
                LocalDate d = data.first().plusDays(365 + random.nextInt(days - 365));
                Segment seg = Segment.cell(1 + random.nextInt(3), 1 + random.nextInt(3), 1 + random.nextInt(3));
                long a = System.nanoTime();
                MemberPage p = ds.members(d, seg, 1000, null);
                fresh[i] = (System.nanoTime() - a) / 1e6;
                a = System.nanoTime();
                ds.members(d, Segment.persona("champions"), 1000, p.next());
                next[i] = (System.nanoTime() - a) / 1e6;
            }
            print("members page of 1000, new day", fresh);
            print("members page of 1000, same day", next);

            long dayMicros = 86_400_000_000L;
            long endMicros = end.atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
            t = new double[20];
            double[] ingest = new double[20];
            for (int i = 0; i < t.length; i++) {
                List<Event> batch = new ArrayList<>();
                for (int k = 0; k < 500; k++) {
                    batch.add(new Order("c" + random.nextInt(accounts), endMicros + random.nextLong(dayMicros), null,
                            "live-" + i + "-" + k, SalesChannel.WEB, null, false,
                            List.of(new OrderLine("p", 1, 1000 + random.nextInt(50_000), 0, false))));
                }
                long a = System.nanoTime();
                ds.ingest(batch);
                ingest[i] = (System.nanoTime() - a) / 1e6;
                a = System.nanoTime();
                ds.rfm(end);
                t[i] = (System.nanoTime() - a) / 1e6;
            }
            print("ingest 500 orders of the last day", ingest);
            print("rfm of the last day after them", t);
            List<Event> late = List.of(new Order("c1", endMicros - 100 * dayMicros, null, "late-1", SalesChannel.WEB,
                    null, false, List.of(new OrderLine("p", 1, 5000, 0, false))));
            ds.ingest(late);
            long a = System.nanoTime();
            ds.rfm(end);
            System.out.printf("rfm of the last day after one order 100 days late: %.0f ms%n",
                    (System.nanoTime() - a) / 1e6);
            System.out.printf("store %,d bytes; heap used %,d bytes%n", ds.sizeInBytes(),
                    Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
        }
    }

    private static void print(String what, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf("%-40s median %8.3f ms  p90 %8.3f ms  max %8.3f ms  (n=%d)%n", what, s[s.length / 2],
                s[(int) (s.length * 0.9)], s[s.length - 1], s.length);
    }
}
