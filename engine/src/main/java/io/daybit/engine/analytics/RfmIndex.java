package io.daybit.engine.analytics;

import io.daybit.engine.InvalidRequestException;
import io.daybit.engine.NotFoundException;
import io.daybit.engine.RfmSettings;
import io.daybit.engine.query.QueryLimits;
import io.daybit.engine.store.AccountDictionary;
import io.daybit.engine.store.DatasetStore;
import io.daybit.engine.store.OrderColumns;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One dataset's RFM answers (METRICS.md §5): the matrix with revenue by persona, transitions and
 * segment members as of any day, over an {@link RfmTimeline} that is fed the store's new orders
 * before every question and rebuilt when the scoring settings change.
 *
 * <p><b>Two steps per question.</b> {@link #capture} copies the orders and account ids added to the
 * store since the last capture; the caller holds the dataset's read lock for it, which takes
 * microseconds per new order. The question itself ({@link #report}, {@link #transitions},
 * {@link #members}) then runs on this index's own copies, without the dataset's lock: sweeping the
 * timeline over many days (the first question, new settings, late orders) can take seconds at a
 * million accounts, and must not hold up ingest meanwhile. An answer covers every batch captured
 * before it, whole.
 *
 * <p>Answers are cached per day until new orders or accounts arrive or the settings change: the
 * report of a day and the cell of every account on a day. Members are found by walking the
 * accounts in UTF-8 order of their ids from the cursor ({@link AccountOrder}). Thread-safe:
 * captures are serialized on the intake buffers, questions on this object.
 */
public final class RfmIndex {
    /** Largest page of members. */
    public static final int MAX_LIMIT = QueryLimits.MAX_MEMBERS;
    private static final int CACHED_REPORTS = 1_024;
    private static final int CACHED_DAYS = 4;

    private RfmTimeline timeline;
    private RfmSettings settings;
    private final AccountOrder order = new AccountOrder();
    private final Intake intake = new Intake();
    private final Map<Integer, RfmReport> reports = lru(CACHED_REPORTS);
    private final Map<Integer, byte[]> cells = lru(CACHED_DAYS);
    private final long[] summary = new long[RfmTimeline.SUMMARY_LONGS];
    private volatile long size;

    /**
     * Orders and account ids captured from the store and not yet taken by a question. Written under
     * the dataset's read lock (captures of concurrent readers serialized on this object), read by a
     * question holding the index.
     */
    private static final class Intake {
        int ordersSeen;
        int accountsSeen;
        int[] account = new int[64];
        int[] day = new int[64];
        long[] total = new long[64];
        int size;
        final List<String> names = new ArrayList<>();
    }

    /**
     * Copies the orders and account ids added to the store since the last capture. The caller holds
     * the dataset's read lock, so that the store is not written meanwhile.
     */
    public void capture(DatasetStore store) {
        OrderColumns orders = store.orders();
        AccountDictionary accounts = store.accounts();
        synchronized (intake) {
            int n = orders.size();
            int fresh = n - intake.ordersSeen;
            if (intake.size + fresh > intake.account.length) {
                int capacity = Math.max(intake.size + fresh, intake.account.length * 2);
                intake.account = Arrays.copyOf(intake.account, capacity);
                intake.day = Arrays.copyOf(intake.day, capacity);
                intake.total = Arrays.copyOf(intake.total, capacity);
            }
            for (int row = intake.ordersSeen; row < n; row++) {
                intake.account[intake.size] = orders.account(row);
                intake.day[intake.size] = orders.day(row);
                intake.total[intake.size++] = orders.total(row);
            }
            intake.ordersSeen = n;
            for (int a = intake.accountsSeen, m = accounts.size(); a < m; a++) {
                intake.names.add(accounts.name(a));
            }
            intake.accountsSeen = accounts.size();
        }
    }

    /** The RFM matrix and revenue by persona as of a day. */
    public synchronized RfmReport report(RfmSettings rfm, LocalDate asOf) {
        int day = epochDay(asOf);
        prepare(rfm, day);
        RfmReport cached = reports.get(day);
        if (cached != null) {
            return cached;
        }
        RfmReport report = build(asOf, rfm, timeline.summary(day, summary) ? summary : null);
        reports.put(day, report);
        return report;
    }

    /**
     * Accounts by persona, stage or R score at {@code from} and at {@code to}.
     *
     * @throws InvalidRequestException when {@code from} is not before {@code to}
     */
    public synchronized TransitionMatrix transitions(RfmSettings rfm, LocalDate from,
                                                     LocalDate to, TransitionBy by) {
        Objects.requireNonNull(by, "by");
        if (!from.isBefore(to)) {
            throw new InvalidRequestException("from " + from + " must be before to " + to, "from", "to");
        }
        int d1 = epochDay(from);
        int d2 = epochDay(to);
        prepare(rfm, d2);
        byte[] before = cellsAt(d1);
        byte[] after = cellsAt(d2);
        int[] pairs = new int[RfmTimeline.CODES * RfmTimeline.CODES];
        for (int i = 0; i < before.length; i++) {
            pairs[before[i] * RfmTimeline.CODES + after[i]]++;
        }
        List<String> labels = new ArrayList<>();
        int[] labelOf = labels(rfm, by, labels);
        int size = labels.size();
        long[][] counts = new long[size][size];
        for (int c1 = 0; c1 < RfmTimeline.CODES; c1++) {
            for (int c2 = 0; c2 < RfmTimeline.CODES; c2++) {
                if (c1 != RfmTimeline.NONE || c2 != RfmTimeline.NONE) {
                    counts[labelOf[c1]][labelOf[c2]] += pairs[c1 * RfmTimeline.CODES + c2];
                }
            }
        }
        List<List<Long>> rows = new ArrayList<>(size);
        for (long[] row : counts) {
            List<Long> r = new ArrayList<>(size);
            for (long n : row) {
                r.add(n);
            }
            rows.add(r);
        }
        return new TransitionMatrix(from, to, by, labels, rows);
    }

    /**
     * A page of the accounts of a segment as of a day, in UTF-8 order of their ids, after the id
     * {@code after} (null: from the first).
     *
     * @throws InvalidRequestException when the limit is not 1–10,000
     * @throws NotFoundException       when the persona is not in the dataset's map
     */
    public synchronized MemberPage members(RfmSettings rfm, LocalDate asOf, Segment segment, int limit,
                                           String after) {
        Objects.requireNonNull(segment, "segment");
        QueryLimits.checkMembersLimit(limit);
        boolean[] wanted = cellsOf(rfm, segment);
        int day = epochDay(asOf);
        prepare(rfm, day);
        byte[] cellOf = cellsAt(day);
        int n = order.size();
        List<String> page = new ArrayList<>(Math.min(limit, 1024));
        // a walk in id order from the cursor: sequential over the order, the cells stay in cache;
        // paging through a whole segment walks every account once
        int rank = after == null ? 0 : order.countAtOrBefore(after);
        while (rank < n) {
            int a = order.account(rank);
            int c = cellOf[a];
            if (c != RfmTimeline.NONE && wanted[c]) {
                if (page.size() == limit) {
                    return new MemberPage(page, page.get(page.size() - 1));
                }
                page.add(order.name(a));
            }
            rank++;
        }
        return new MemberPage(page, null);
    }

    /**
     * Bytes held by the timeline and the caches, roughly, as of the end of the last question;
     * does not wait for a question in progress.
     */
    public long sizeInBytes() {
        return size;
    }

    private void measure() {
        long bytes = timeline.sizeInBytes();
        for (byte[] c : cells.values()) {
            bytes += c.length;
        }
        size = bytes + 12L * order.size();
    }

    // ---------------------------------------------------------------- internals

    /** Brings the timeline up to date with the captured orders and the settings, swept to {@code day}. */
    private void prepare(RfmSettings rfm, int day) {
        Objects.requireNonNull(rfm, "rfm");
        if (timeline == null || !sameScoring(settings, rfm)) {
            RfmTimeline fresh = new RfmTimeline(rfm);
            if (timeline != null) {
                fresh.addAll(timeline);
            }
            timeline = fresh;
            clearCaches();
        } else if (settings != rfm) {
            reports.clear();
        }
        settings = rfm;
        int[] account;
        int[] days;
        long[] total;
        int n;
        String[] names;
        synchronized (intake) {
            // take the buffers as they are, so that captures wait for no more than this
            account = intake.account;
            days = intake.day;
            total = intake.total;
            n = intake.size;
            names = intake.names.toArray(new String[0]);
            if (n > 0) {
                intake.account = new int[64];
                intake.day = new int[64];
                intake.total = new long[64];
                intake.size = 0;
            }
            intake.names.clear();
        }
        boolean changed = false;
        if (n > 0 || names.length > 0) {
            clearCaches();
            timeline.add(account, days, total, n);
            order.add(names);
            timeline.ensureAccounts(order.size());
            changed = true;
        }
        if (timeline.sweepTo(day) || changed) {
            measure();
        }
    }

    private byte[] cellsAt(int day) {
        byte[] c = cells.get(day);
        if (c == null) {
            c = timeline.cellsAt(day);
            cells.put(day, c);
            measure();
        }
        return c;
    }

    private static boolean[] cellsOf(RfmSettings rfm, Segment segment) {
        boolean[] wanted = new boolean[27];
        if (segment.persona() != null) {
            if (!rfm.personas().containsKey(segment.persona())) {
                throw new NotFoundException("no persona '" + segment.persona() + "' in the dataset's RFM settings; "
                        + "its personas are " + rfm.personaNames(), "persona");
            }
            String[] byCell = rfm.personaByCell();
            for (int c = 0; c < 27; c++) {
                wanted[c] = byCell[c].equals(segment.persona());
            }
        } else if (segment.stage() != null) {
            for (int c = 0; c < 27; c++) {
                wanted[c] = RfmScoring.rOf(c) == segment.stage().rScore();
            }
        } else {
            wanted[RfmSettings.cellIndex(segment.r(), segment.f(), segment.m())] = true;
        }
        return wanted;
    }

    /** Fills the labels of a grouping (with "none" last) and returns each cell code's label index. */
    private static int[] labels(RfmSettings rfm, TransitionBy by, List<String> labels) {
        int[] labelOf = new int[RfmTimeline.CODES];
        switch (by) {
            case PERSONA -> {
                labels.addAll(rfm.personaNames());
                String[] byCell = rfm.personaByCell();
                for (int c = 0; c < 27; c++) {
                    labelOf[c] = labels.indexOf(byCell[c]);
                }
            }
            case STAGE -> {
                for (Stage s : Stage.values()) {
                    labels.add(s.wireName());
                }
                for (int c = 0; c < 27; c++) {
                    labelOf[c] = Stage.ofRScore(RfmScoring.rOf(c)).ordinal();
                }
            }
            case R -> {
                labels.addAll(List.of("1", "2", "3"));
                for (int c = 0; c < 27; c++) {
                    labelOf[c] = RfmScoring.rOf(c) - 1;
                }
            }
        }
        labelOf[RfmTimeline.NONE] = labels.size();
        labels.add("none");
        return labelOf;
    }

    private static RfmReport build(LocalDate asOf, RfmSettings rfm, long[] s) {
        long customers = s == null ? 0 : s[RfmTimeline.S_CUSTOMERS];
        ScoreThresholds r;
        ScoreThresholds f;
        ScoreThresholds m;
        if (rfm.mode() == RfmSettings.Mode.FIXED) {
            r = new ScoreThresholds(rfm.r().low(), rfm.r().high());
            f = new ScoreThresholds(rfm.f().low(), rfm.f().high());
            m = new ScoreThresholds(rfm.m().low(), rfm.m().high());
        } else if (s == null) {
            r = new ScoreThresholds(null, null);
            f = r;
            m = r;
        } else {
            int t = RfmTimeline.S_THRESHOLDS;
            r = new ScoreThresholds(s[t], s[t + 1]);
            f = new ScoreThresholds(s[t + 2], s[t + 3]);
            m = new ScoreThresholds(s[t + 4], s[t + 5]);
        }
        String[] byCell = rfm.personaByCell();
        List<RfmCell> cellList = new ArrayList<>(27);
        Map<Stage, Long> stages = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            stages.put(stage, 0L);
        }
        Map<String, long[]> byPersona = new LinkedHashMap<>();
        for (String name : rfm.personaNames()) {
            byPersona.put(name, new long[4]);
        }
        long totalRevenue = 0;
        for (int c = 0; c < 27; c++) {
            long count = s == null ? 0 : s[RfmTimeline.S_COUNT + c];
            long purchases = s == null ? 0 : s[RfmTimeline.S_PURCHASES + c];
            long purchaseSum = s == null ? 0 : s[RfmTimeline.S_PURCHASE_SUM + c];
            long revenue = s == null ? 0 : s[RfmTimeline.S_REVENUE + c];
            cellList.add(new RfmCell(RfmScoring.rOf(c), RfmScoring.fOf(c), RfmScoring.mOf(c), byCell[c], count));
            stages.merge(Stage.ofRScore(RfmScoring.rOf(c)), count, Long::sum);
            long[] p = byPersona.get(byCell[c]);
            p[0] += count;
            p[1] += purchases;
            p[2] += purchaseSum;
            p[3] += revenue;
            totalRevenue += revenue;
        }
        List<PersonaSummary> personas = new ArrayList<>(byPersona.size());
        for (Map.Entry<String, long[]> e : byPersona.entrySet()) {
            long[] p = e.getValue();
            personas.add(new PersonaSummary(e.getKey(), p[0], p[3], ratio(p[3], totalRevenue), ratio(p[3], p[0]),
                    ratio(p[1], p[0]), ratio(p[2], p[1])));
        }
        return new RfmReport(asOf, customers, r, f, m, cellList, stages, personas);
    }

    private static Double ratio(long sum, long count) {
        return count == 0 ? null : (double) sum / count;
    }

    private static boolean sameScoring(RfmSettings a, RfmSettings b) {
        return a.lookbackDays() == b.lookbackDays() && a.mode() == b.mode() && a.r().equals(b.r())
                && a.f().equals(b.f()) && a.m().equals(b.m());
    }

    private void clearCaches() {
        reports.clear();
        cells.clear();
    }

    private static int epochDay(LocalDate day) {
        return (int) Objects.requireNonNull(day, "day").toEpochDay();
    }

    private static <V> Map<Integer, V> lru(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
