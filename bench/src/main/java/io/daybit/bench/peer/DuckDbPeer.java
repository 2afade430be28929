package io.daybit.bench.peer;

import io.daybit.bench.query.Answer;
import io.daybit.bench.query.Input;
import io.daybit.bench.query.Question;
import io.daybit.bench.state.EventSource;
import io.daybit.bench.state.Profile;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.RfmSettings;
import io.daybit.engine.analytics.RetentionBy;
import io.daybit.engine.analytics.Stage;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.ServiceAction;
import io.daybit.engine.query.Buckets;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.query.Metric;
import io.daybit.engine.query.PurchaseFilter;
import org.duckdb.DuckDBConnection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The peer: the same events in an in-memory DuckDB database, and every benchmarked question asked
 * in SQL that follows METRICS.md literally (see {@link DuckDbLoader} for the tables). Each question
 * is one prepared statement, executed and read whole; the little arithmetic left (averages, the
 * buckets of a series, the personas of the 27 cells) is done on the rows it returns.
 *
 * <p>RFM is asked in {@code quantile} mode with the dataset's lookback and persona map, the
 * engine's defaults. Not thread-safe: one caller at a time.
 */
public final class DuckDbPeer implements AutoCloseable {
    /** Accounts with their created day: the earliest account_created by ts. */
    private static final String ACCOUNTS = "acc AS (SELECT account, arg_min(day, ts) AS cday FROM created GROUP BY account)";

    /** The latest value of each (account, kind, channel); on equal ts, false wins. */
    private static final String LATEST_STATE = "st AS (SELECT account, kind, channel, "
            + "arg_max(value, ts * 2 + CASE WHEN value THEN 0 ELSE 1 END) AS v FROM state GROUP BY account, kind, channel)";

    /** (account, channel) pairs consented now: consent granted and contact valid. */
    private static final String CONSENTED = "cc AS (SELECT account, channel FROM st GROUP BY account, channel "
            + "HAVING count(*) FILTER (WHERE v) = 2)";

    private static final String RFM_MACRO = String.join("\n",
            "CREATE MACRO rfm_scores(d, lb) AS TABLE",
            "WITH w AS (",
            "  SELECT account, d - max(day) AS rec, count(*) AS f, sum(total)::BIGINT AS m",
            "  FROM orders WHERE total > 0 AND day BETWEEN d - lb + 1 AND d GROUP BY account),",
            "ranked AS (",
            "  SELECT *, row_number() OVER (ORDER BY rec) AS rr, row_number() OVER (ORDER BY f) AS fr,",
            "         row_number() OVER (ORDER BY m) AS mr, count(*) OVER () AS n FROM w),",
            "t AS (",
            "  SELECT max(rec) FILTER (WHERE rr = (n + 2) // 3) AS rt1, max(rec) FILTER (WHERE rr = (2 * n + 2) // 3) AS rt2,",
            "         max(f) FILTER (WHERE fr = (n + 2) // 3) AS ft1, max(f) FILTER (WHERE fr = (2 * n + 2) // 3) AS ft2,",
            "         max(m) FILTER (WHERE mr = (n + 2) // 3) AS mt1, max(m) FILTER (WHERE mr = (2 * n + 2) // 3) AS mt2",
            "  FROM ranked)",
            "SELECT w.account,",
            "       CASE WHEN w.rec <= t.rt1 THEN 3 WHEN w.rec <= t.rt2 THEN 2 ELSE 1 END AS r,",
            "       CASE WHEN w.f <= t.ft1 THEN 1 WHEN w.f <= t.ft2 THEN 2 ELSE 3 END AS f,",
            "       CASE WHEN w.m <= t.mt1 THEN 1 WHEN w.m <= t.mt2 THEN 2 ELSE 3 END AS m,",
            "       t.rt1, t.rt2, t.ft1, t.ft2, t.mt1, t.mt2",
            "FROM w, t");

    private final DuckDBConnection connection;
    private final Map<String, Integer> stores = new HashMap<>();
    private final RfmSettings rfm = RfmSettings.defaults();
    private final String[] personaByCell = rfm.personaByCell();
    private final long windowMicros;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private long rows;

    private DuckDbPeer(int attributionWindowHours) throws SQLException {
        connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        windowMicros = attributionWindowHours * 3_600_000_000L;
        try (Statement s = connection.createStatement()) {
            String memory = System.getProperty("daybit.duckdb.memory");
            if (memory != null) {
                s.execute("SET memory_limit = '" + memory.replace("'", "") + "'");
            }
            s.execute("CREATE TABLE persona_map (r INTEGER, f INTEGER, m INTEGER, persona VARCHAR)");
        }
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO persona_map VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < 27; i++) {
                p.setInt(1, i / 9 + 1);
                p.setInt(2, i / 3 % 3 + 1);
                p.setInt(3, i % 3 + 1);
                p.setString(4, personaByCell[i]);
                p.executeUpdate();
            }
        }
    }

    /** A peer loaded with a profile's events (the same stream the engine gets). */
    public static DuckDbPeer load(Profile profile) throws SQLException {
        return load(profile.zone(), DatasetSettings.DEFAULT_ATTRIBUTION_WINDOW_HOURS, sink -> EventSource.of(profile).batches(50_000, sink));
    }

    /**
     * A peer loaded with the events a producer hands over, in batches.
     *
     * @param zone the dataset's timezone (what day an instant falls on)
     */
    public static DuckDbPeer load(ZoneId zone, int attributionWindowHours,
                                  Consumer<Consumer<List<Event>>> producer) throws SQLException {
        DuckDbPeer peer = new DuckDbPeer(attributionWindowHours);
        try (DuckDbLoader loader = new DuckDbLoader(peer.connection, zone, peer.stores)) {
            producer.accept(batch -> {
                try {
                    loader.append(batch);
                } catch (SQLException e) {
                    throw new IllegalStateException("loading DuckDB failed", e);
                }
            });
            peer.rows = loader.rows();
        }
        try (Statement s = peer.connection.createStatement()) {
            s.execute(RFM_MACRO);
            s.execute("CHECKPOINT");
        }
        return peer;
    }

    /** Rows loaded, over all tables. */
    public long rows() {
        return rows;
    }

    /** Bytes DuckDB reports for its database (in memory). */
    public long databaseBytes() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT memory_usage_bytes FROM duckdb_memory() WHERE tag = 'BASE_TABLE'")) {
            return r.next() ? r.getLong(1) : -1;
        }
    }

    /** The answer to a benchmarked question, asked the way Daybit's {@link Question#ask} asks it. */
    public Answer ask(Question q, Input in) throws SQLException {
        DayRange range = new DayRange(in.from(), in.to());
        switch (q) {
            case HUB_OVERVIEW:
                return overview(range, range.previousPeriod());
            case SERVICE_INTERACTIONS:
                return serviceInteractions(range, range.previousPeriod());
            case AOV:
                return aov(range, range.previousPeriod(), Granularity.DAY);
            case USERS_OVERVIEW:
                return users(in.day());
            case PURCHASES:
                return purchases(range, range.previousPeriod(), PurchaseFilter.none());
            case PURCHASES_CONSENTED_WEB:
                return purchases(range, range.previousPeriod(), Question.CONSENTED_WEB);
            case PURCHASES_NEW_12M_STORE:
                return purchases(range, range.previousPeriod(), Question.NEW_12M_STORE);
            case RFM:
            case RFM_TODAY:
                return rfm(in.day());
            case TRANSITIONS:
                return transitions(in.from(), in.to());
            case MEMBERS:
                return members(in.day(), Question.MEMBERS_PERSONA, 0, 0, 0, Question.MEMBERS_PAGE, null);
            case RETENTION:
                return retention(range, Granularity.WEEK, RetentionBy.HUB_OPENED);
            default:
                throw new IllegalArgumentException("no SQL for " + q);
        }
    }

    // ------------------------------------------------------------------ hub (METRICS.md §3)

    /** Hub overview over r with comparison p (null: none). */
    public Answer overview(DayRange r, DayRange p) throws SQLException {
        PreparedStatement s = statement("overview", String.join("\n",
                "WITH " + ACCOUNTS + ",",
                "att AS (SELECT l.day, l.amount FROM order_lines l",
                "        WHERE l.purchase AND l.amount > 0 AND l.day BETWEEN least($1, $3) AND greatest($2, $4)",
                "          AND (l.via_hub OR EXISTS (SELECT 1 FROM hub_product h WHERE h.account = l.account",
                "               AND h.product = l.product AND h.ts <= l.ts AND h.ts >= l.ts - $5",
                // the same condition on days, so that DuckDB can skip the rest of hub_product
                "               AND h.day BETWEEN least($1, $3) - $6 AND greatest($2, $4))))",
                "SELECT (SELECT count(*) FROM acc WHERE cday <= $2), (SELECT count(*) FROM acc WHERE cday <= $4),",
                "  (SELECT count(*) FROM acc WHERE cday BETWEEN $1 AND $2),",
                "  (SELECT count(*) FROM acc WHERE cday BETWEEN $3 AND $4),",
                "  (SELECT count(DISTINCT account) FROM hub_opened WHERE day BETWEEN $1 AND $2),",
                "  (SELECT count(DISTINCT account) FROM hub_opened WHERE day BETWEEN $3 AND $4),",
                "  (SELECT count(*) FROM service WHERE day BETWEEN $1 AND $2),",
                "  (SELECT count(*) FROM service WHERE day BETWEEN $3 AND $4),",
                "  (SELECT coalesce(sum(amount), 0)::BIGINT FROM att WHERE day BETWEEN $1 AND $2),",
                "  (SELECT coalesce(sum(amount), 0)::BIGINT FROM att WHERE day BETWEEN $3 AND $4)"));
        bindRanges(s, r, p);
        s.setLong(5, windowMicros);
        s.setInt(6, (int) (windowMicros / 86_400_000_000L) + 2);
        Answer a = new Answer();
        try (ResultSet rs = s.executeQuery()) {
            rs.next();
            String[] names = {"total_accounts", "new_accounts", "active_accounts", "service_interactions",
                    "revenue_generated"};
            for (int i = 0; i < names.length; i++) {
                a.metric(names[i], Metric.ofLong(rs.getLong(2 * i + 1), p == null ? null : rs.getLong(2 * i + 2)));
            }
        }
        return a;
    }

    /** Service interactions in total and per action. */
    public Answer serviceInteractions(DayRange r, DayRange p) throws SQLException {
        PreparedStatement s = statement("service", String.join("\n",
                "SELECT action, count(*) FILTER (WHERE day BETWEEN $1 AND $2), count(*) FILTER (WHERE day BETWEEN $3 AND $4)",
                "FROM service WHERE day BETWEEN least($1, $3) AND greatest($2, $4) GROUP BY action"));
        bindRanges(s, r, p);
        long[][] counts = new long[ServiceAction.values().length][2];
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                counts[rs.getInt(1)][0] = rs.getLong(2);
                counts[rs.getInt(1)][1] = rs.getLong(3);
            }
        }
        long total = 0;
        long totalPrevious = 0;
        Answer a = new Answer();
        for (ServiceAction action : ServiceAction.values()) {
            long[] c = counts[action.ordinal()];
            a.metric(action.wireName(), Metric.ofLong(c[0], p == null ? null : c[1]));
            total += c[0];
            totalPrevious += c[1];
        }
        return a.metric("total", Metric.ofLong(total, p == null ? null : totalPrevious));
    }

    /** AOV of signed-in purchases with its series. */
    public Answer aov(DayRange r, DayRange p, Granularity granularity) throws SQLException {
        PreparedStatement s = statement("aov", String.join("\n",
                "SELECT day, count(*), sum(total)::BIGINT FROM orders",
                "WHERE signed_in AND total > 0 AND day BETWEEN least($1, $3) AND greatest($2, $4) GROUP BY day"));
        bindRanges(s, r, p);
        Map<Integer, long[]> byDay = new HashMap<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                byDay.put(rs.getInt(1), new long[]{rs.getLong(2), rs.getLong(3)});
            }
        }
        long[] current = sum(byDay, r);
        Answer a = new Answer();
        if (p == null) {
            a.metric("aov", Metric.ofDouble(Metric.ratio(current[1], current[0]), null));
            a.metric("orders", Metric.ofLong(current[0], null));
            a.metric("revenue", Metric.ofLong(current[1], null));
        } else {
            long[] previous = sum(byDay, p);
            a.metric("aov", Metric.ofDouble(Metric.ratio(current[1], current[0]), Metric.ratio(previous[1], previous[0])));
            a.metric("orders", Metric.ofLong(current[0], previous[0]));
            a.metric("revenue", Metric.ofLong(current[1], previous[1]));
        }
        for (DayRange b : Buckets.split(r, granularity)) {
            long[] c = sum(byDay, b);
            a.put("series." + b.from() + "." + b.to(), List.of(c[0], c[1]));
            a.put("series." + b.from() + ".aov", Metric.ratio(c[1], c[0]));
        }
        return a;
    }

    private static long[] sum(Map<Integer, long[]> byDay, DayRange range) {
        long[] out = new long[2];
        for (int d = range.fromEpochDay(); d <= range.toEpochDay(); d++) {
            long[] v = byDay.get(d);
            if (v != null) {
                out[0] += v[0];
                out[1] += v[1];
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ business (METRICS.md §4)

    /** Users and consent as of a day. */
    public Answer users(LocalDate today) throws SQLException {
        PreparedStatement s = statement("users", String.join("\n",
                "WITH " + ACCOUNTS + ", " + LATEST_STATE + ", " + CONSENTED + ",",
                "ch AS (SELECT account, bool_or(channel = 0) AS e, bool_or(channel = 1) AS s, bool_or(channel = 2) AS p",
                "       FROM cc GROUP BY account)",
                "SELECT count(*), count(*) FILTER (WHERE e OR s OR p), count(*) FILTER (WHERE e),",
                "       count(*) FILTER (WHERE s), count(*) FILTER (WHERE p)",
                "FROM acc LEFT JOIN ch USING (account) WHERE acc.cday <= $1"));
        s.setInt(1, (int) today.toEpochDay());
        try (ResultSet rs = s.executeQuery()) {
            rs.next();
            return new Answer().put("users", rs.getLong(1)).put("consented", rs.getLong(2))
                    .put("consented.email", rs.getLong(3)).put("consented.sms", rs.getLong(4))
                    .put("consented.push", rs.getLong(5));
        }
    }

    /** Purchase activity over r with comparison p (null: none), filtered. */
    public Answer purchases(DayRange r, DayRange p, PurchaseFilter f) throws SQLException {
        StringBuilder where = new StringBuilder("o.day BETWEEN least($1, $3) AND greatest($2, $4)");
        if (f.channel() != null) {
            where.append(" AND o.channel = ").append(f.channel().ordinal());
        }
        String storeParam = f.recency() == null ? "$5" : "$7";
        if (f.store() != null) {
            where.append(" AND o.store = ").append(storeParam);
        }
        if (f.consent() != null) {
            where.append(f.consent() == PurchaseFilter.Consent.WITH ? " AND o.account IN " : " AND o.account NOT IN ")
                    .append("(SELECT account FROM cc WHERE account IN (SELECT account FROM created)")
                    .append(f.consentChannel() == null ? "" : " AND channel = " + f.consentChannel().ordinal())
                    .append(")");
        }
        String current = "day BETWEEN $1 AND $2" + (f.recency() == null ? "" : " AND cday BETWEEN $5 AND $2");
        String previous = "day BETWEEN $3 AND $4" + (f.recency() == null ? "" : " AND cday BETWEEN $6 AND $4");
        StringBuilder select = new StringBuilder("SELECT ");
        String[] periods = {current, previous};
        for (int i = 0; i < 2; i++) {
            String period = periods[i];
            select.append("count(*) FILTER (WHERE total > 0 AND ").append(period).append("), ")
                    .append("count(DISTINCT account) FILTER (WHERE total > 0 AND ").append(period).append("), ")
                    .append("coalesce(sum(total) FILTER (WHERE ").append(period).append("), 0)::BIGINT, ")
                    .append("coalesce(sum(total) FILTER (WHERE total > 0 AND ").append(period).append("), 0)::BIGINT, ")
                    .append("coalesce(sum(items) FILTER (WHERE total > 0 AND ").append(period).append("), 0)::BIGINT, ")
                    .append("coalesce(sum(discount) FILTER (WHERE total > 0 AND ").append(period).append("), 0)::BIGINT")
                    .append(i == 0 ? ", " : "");
        }
        String sql = "WITH " + ACCOUNTS + (f.consent() != null ? ", " + LATEST_STATE + ", " + CONSENTED : "") + ",\n"
                + "o AS (SELECT o.*, acc.cday FROM orders o LEFT JOIN acc USING (account) WHERE " + where + ")\n"
                + select + " FROM o";
        PreparedStatement s = statement(sql, sql);
        bindRanges(s, r, p);
        DayRange cmp = p == null ? r : p;
        if (f.recency() != null) {
            s.setInt(5, recencyFrom(f.recency(), r.to()));
            s.setInt(6, recencyFrom(f.recency(), cmp.to()));
        }
        if (f.store() != null) {
            s.setInt(f.recency() == null ? 5 : 7, stores.getOrDefault(f.store(), -1));
        }
        long[] v = new long[12];
        try (ResultSet rs = s.executeQuery()) {
            rs.next();
            for (int i = 0; i < 12; i++) {
                v[i] = rs.getLong(i + 1);
            }
        }
        Answer a = new Answer();
        String[] longs = {"purchases", "buyers", "revenue", "purchase_revenue"};
        for (int i = 0; i < longs.length; i++) {
            a.metric(longs[i], Metric.ofLong(v[i], p == null ? null : v[6 + i]));
        }
        a.metric("discount", Metric.ofLong(v[5], p == null ? null : v[11]));
        a.metric("aov", Metric.ofDouble(Metric.ratio(v[3], v[0]), p == null ? null : Metric.ratio(v[9], v[6])));
        return a.metric("items_per_purchase",
                Metric.ofDouble(Metric.ratio(v[4], v[0]), p == null ? null : Metric.ratio(v[10], v[6])));
    }

    private static int recencyFrom(PurchaseFilter.Recency recency, LocalDate end) {
        LocalDate from = recency == PurchaseFilter.Recency.NEW_30D ? end.minusDays(29) : end.minusMonths(12).plusDays(1);
        return (int) from.toEpochDay();
    }

    // ------------------------------------------------------------------ RFM (METRICS.md §5)

    /** The RFM matrix with revenue by persona as of a day. */
    public Answer rfm(LocalDate asOf) throws SQLException {
        PreparedStatement s = statement("rfm", String.join("\n",
                "WITH s AS (SELECT * FROM rfm_scores($1, $2)),",
                "life AS (SELECT account, sum(total) AS rev, count(*) FILTER (WHERE total > 0) AS np,",
                "                coalesce(sum(total) FILTER (WHERE total > 0), 0) AS pr",
                "         FROM orders WHERE day <= $1 AND account IN (SELECT account FROM s) GROUP BY account)",
                "SELECT s.r, s.f, s.m, count(*), sum(life.rev)::BIGINT, sum(life.np)::BIGINT, sum(life.pr)::BIGINT,",
                "       any_value(rt1), any_value(rt2), any_value(ft1), any_value(ft2), any_value(mt1), any_value(mt2)",
                "FROM s JOIN life USING (account) GROUP BY s.r, s.f, s.m"));
        s.setInt(1, (int) asOf.toEpochDay());
        s.setInt(2, rfm.lookbackDays());
        long[][] cells = new long[27][4];
        Long[] thresholds = new Long[6];
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                int cell = RfmSettings.cellIndex(rs.getInt(1), rs.getInt(2), rs.getInt(3));
                for (int i = 0; i < 4; i++) {
                    cells[cell][i] = rs.getLong(4 + i);
                }
                for (int i = 0; i < 6; i++) {
                    thresholds[i] = rs.getLong(8 + i);
                }
            }
        }
        Answer a = new Answer();
        String[] names = {"r.t1", "r.t2", "f.t1", "f.t2", "m.t1", "m.t2"};
        for (int i = 0; i < 6; i++) {
            a.put(names[i], thresholds[i]);
        }
        Map<String, long[]> personas = new LinkedHashMap<>();
        for (String name : rfm.personaNames()) {
            personas.put(name, new long[4]);
        }
        long[] stages = new long[4];
        long customers = 0;
        long revenue = 0;
        for (int i = 0; i < 27; i++) {
            a.put("cell." + (i / 9 + 1) + (i / 3 % 3 + 1) + (i % 3 + 1), cells[i][0]);
            long[] sums = personas.get(personaByCell[i]);
            for (int k = 0; k < 4; k++) {
                sums[k] += cells[i][k];
            }
            stages[i / 9 + 1] += cells[i][0];
            customers += cells[i][0];
            revenue += cells[i][1];
        }
        a.put("customers", customers);
        for (Stage st : Stage.values()) {
            a.put("stage." + st.wireName(), stages[st.rScore()]);
        }
        for (Map.Entry<String, long[]> e : personas.entrySet()) {
            long[] v = e.getValue();
            String k = "persona." + e.getKey() + ".";
            a.put(k + "customers", v[0]).put(k + "revenue", v[1]).put(k + "revenue_share", Metric.ratio(v[1], revenue))
                    .put(k + "avg_clv", Metric.ratio(v[1], v[0])).put(k + "avg_orders", Metric.ratio(v[2], v[0]))
                    .put(k + "aov", Metric.ratio(v[3], v[2]));
        }
        return a;
    }

    /** Persona transitions between two days; zero counts left out. */
    public Answer transitions(LocalDate from, LocalDate to) throws SQLException {
        PreparedStatement s = statement("transitions", String.join("\n",
                "WITH a AS (SELECT s.account, p.persona FROM rfm_scores($1, $3) s",
                "           JOIN persona_map p ON p.r = s.r AND p.f = s.f AND p.m = s.m),",
                "b AS (SELECT s.account, p.persona FROM rfm_scores($2, $3) s",
                "      JOIN persona_map p ON p.r = s.r AND p.f = s.f AND p.m = s.m)",
                "SELECT coalesce(a.persona, 'none'), coalesce(b.persona, 'none'), count(*)",
                "FROM a FULL OUTER JOIN b ON a.account = b.account GROUP BY 1, 2"));
        s.setInt(1, (int) from.toEpochDay());
        s.setInt(2, (int) to.toEpochDay());
        s.setInt(3, rfm.lookbackDays());
        Answer a = new Answer();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                a.put(rs.getString(1) + "->" + rs.getString(2), rs.getLong(3));
            }
        }
        return a;
    }

    /**
     * A page of a segment's members as of a day, ordered by id byte-wise (DuckDB compares
     * VARCHARs by their UTF-8 bytes).
     *
     * @param persona the persona, or null to list a stage ({@code r} only) or a cell ({@code r, f, m})
     * @param f       0 to list a whole stage
     */
    public Answer members(LocalDate asOf, String persona, int r, int f, int m, int limit, String after)
            throws SQLException {
        String kind = persona != null ? "persona" : f == 0 ? "stage" : "cell";
        String segment;
        switch (kind) {
            case "persona":
                segment = "p.persona = $5";
                break;
            case "stage":
                segment = "s.r = $5";
                break;
            default:
                segment = "s.r = $5 AND s.f = $6 AND s.m = $7";
                break;
        }
        PreparedStatement s = statement("members." + kind, String.join("\n",
                "SELECT x.ext FROM rfm_scores($1, $2) s JOIN persona_map p ON p.r = s.r AND p.f = s.f AND p.m = s.m",
                "JOIN accounts x ON x.account = s.account",
                "WHERE " + segment + " AND ($3 IS NULL OR x.ext > $3)",
                "ORDER BY x.ext LIMIT $4"));
        s.setInt(1, (int) asOf.toEpochDay());
        s.setInt(2, rfm.lookbackDays());
        if (after == null) {
            s.setNull(3, Types.VARCHAR);
        } else {
            s.setString(3, after);
        }
        s.setInt(4, limit + 1);
        if (persona != null) {
            s.setString(5, persona);
        } else {
            s.setInt(5, r);
            if (f != 0) {
                s.setInt(6, f);
                s.setInt(7, m);
            }
        }
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        boolean more = ids.size() > limit;
        List<String> page = more ? ids.subList(0, limit) : ids;
        return new Answer().put("accounts", List.copyOf(page)).put("next", more ? page.get(page.size() - 1) : null);
    }

    // ------------------------------------------------------------------ retention (METRICS.md §6)

    /** Retention cohorts over a range by week or month. */
    public Answer retention(DayRange range, Granularity period, RetentionBy by) throws SQLException {
        if (period == Granularity.DAY) {
            throw new IllegalArgumentException("retention periods are weeks or months");
        }
        String pn = period == Granularity.WEEK ? "((%s + 3) // 7)"
                : "(year(DATE '1970-01-01' + %1$s::INTEGER) * 12 + month(DATE '1970-01-01' + %1$s::INTEGER) - 1)";
        String activity = by == RetentionBy.HUB_OPENED ? "SELECT account, day FROM hub_opened"
                : "SELECT account, day FROM orders WHERE total > 0";
        PreparedStatement s = statement("retention." + period + "." + by, String.join("\n",
                "WITH " + ACCOUNTS + ",",
                "m AS (SELECT account, " + String.format(pn, "cday") + " AS c FROM acc WHERE cday BETWEEN $1 AND $2),",
                "a AS (" + activity + "),",
                "act AS (SELECT DISTINCT m.c, m.account, " + String.format(pn, "a.day") + " - m.c AS k",
                "        FROM m JOIN a ON a.account = m.account",
                "        WHERE a.day >= $3 AND " + String.format(pn, "a.day") + " >= m.c AND "
                        + String.format(pn, "a.day") + " <= $4)",
                "SELECT c, -1, count(*) FROM m GROUP BY c",
                "UNION ALL SELECT c, k, count(*) FROM act GROUP BY c, k"));
        LocalDate firstStart = Buckets.periodStart(range.from(), period);
        LocalDate lastStart = Buckets.periodStart(range.to(), period);
        boolean lastComplete = Buckets.periodEnd(lastStart, period).equals(range.to());
        long firstNumber = periodNumber(firstStart, period);
        long lastNumber = periodNumber(lastStart, period);
        long completeUpTo = lastComplete ? lastNumber : lastNumber - 1;
        s.setInt(1, range.fromEpochDay());
        s.setInt(2, range.toEpochDay());
        s.setInt(3, (int) firstStart.toEpochDay());
        s.setLong(4, completeUpTo);
        Map<Long, Long> sizes = new HashMap<>();
        Map<Long, Map<Long, Long>> retained = new HashMap<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                long c = rs.getLong(1);
                long k = rs.getLong(2);
                if (k < 0) {
                    sizes.put(c, rs.getLong(3));
                } else {
                    retained.computeIfAbsent(c, x -> new HashMap<>()).put(k, rs.getLong(3));
                }
            }
        }
        Answer a = new Answer();
        LocalDate start = firstStart;
        for (long c = firstNumber; c <= lastNumber; c++) {
            LocalDate end = Buckets.periodEnd(start, period);
            a.put("cohort." + start + "." + end + ".size", sizes.getOrDefault(c, 0L));
            List<Long> list = new ArrayList<>();
            Map<Long, Long> byK = retained.getOrDefault(c, Map.of());
            for (long k = 0; c + k <= completeUpTo; k++) {
                list.add(byK.getOrDefault(k, 0L));
            }
            a.put("cohort." + start + ".retained", list);
            start = end.plusDays(1);
        }
        return a;
    }

    private static long periodNumber(LocalDate start, Granularity period) {
        return period == Granularity.WEEK ? Math.floorDiv(start.toEpochDay() + 3, 7)
                : start.getYear() * 12L + start.getMonthValue() - 1;
    }

    // ------------------------------------------------------------------ plumbing

    private PreparedStatement statement(String key, String sql) throws SQLException {
        PreparedStatement s = statements.get(key);
        if (s == null) {
            s = connection.prepareStatement(sql);
            statements.put(key, s);
        }
        return s;
    }

    /** Binds $1..$4 to r and p; without a comparison, p = r (its values are then dropped). */
    private static void bindRanges(PreparedStatement s, DayRange r, DayRange p) throws SQLException {
        DayRange q = p == null ? r : p;
        s.setInt(1, r.fromEpochDay());
        s.setInt(2, r.toEpochDay());
        s.setInt(3, q.fromEpochDay());
        s.setInt(4, q.toEpochDay());
    }

    /** The underlying connection, for ad-hoc checks. */
    public Connection connection() {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement s : statements.values()) {
            s.close();
        }
        connection.close();
    }
}
