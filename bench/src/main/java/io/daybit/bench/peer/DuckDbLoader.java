package io.daybit.bench.peer;

import io.daybit.engine.model.AccountCreated;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.ConsentChanged;
import io.daybit.engine.model.ContactChanged;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.HubProductInteraction;
import io.daybit.engine.model.Order;
import io.daybit.engine.model.OrderLine;
import io.daybit.engine.model.ServiceInteraction;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Appends events to DuckDB's tables, one row per event (an order also one row per line, an
 * {@code account_created} one row per channel and kind of state), with DuckDB's Appender.
 *
 * <p>The tables hold the events as they are, with two conveniences that favour DuckDB: account,
 * product and store names are replaced by dense integers (as Daybit's dictionaries do), and each
 * row carries its calendar day in the dataset's timezone, computed once here rather than per
 * query. No aggregate is precomputed: every number is computed by the question's SQL from these
 * rows. An order whose {@code order_id} was already loaded is skipped, as the engine rejects it.
 *
 * <pre>
 * accounts    (account INT, ext VARCHAR)                  every account id seen, guests included
 * created     (account INT, ts BIGINT, day INT)           account_created
 * state       (account INT, ts BIGINT, kind TINYINT, channel TINYINT, value BOOLEAN)
 *                                                         kind 0 contact validity, 1 consent; an
 *                                                         account_created gives all six rows
 * hub_opened  (account INT, day INT)
 * service     (account INT, day INT, action TINYINT)
 * hub_product (account INT, product INT, ts BIGINT, day INT)
 * orders      (account INT, ts BIGINT, day INT, channel TINYINT, store INT, signed_in BOOLEAN,
 *              total BIGINT, items BIGINT, discount BIGINT)   store NULL when none
 * order_lines (account INT, ts BIGINT, day INT, product INT, amount BIGINT, via_hub BOOLEAN,
 *              purchase BOOLEAN)                          purchase: the order's total > 0
 * </pre>
 *
 * Not thread-safe; close it to flush the appenders.
 */
final class DuckDbLoader implements AutoCloseable {
    static final String SCHEMA = String.join("\n",
            "CREATE TABLE accounts (account INTEGER, ext VARCHAR);",
            "CREATE TABLE created (account INTEGER, ts BIGINT, day INTEGER);",
            "CREATE TABLE state (account INTEGER, ts BIGINT, kind TINYINT, channel TINYINT, value BOOLEAN);",
            "CREATE TABLE hub_opened (account INTEGER, day INTEGER);",
            "CREATE TABLE service (account INTEGER, day INTEGER, action TINYINT);",
            "CREATE TABLE hub_product (account INTEGER, product INTEGER, ts BIGINT, day INTEGER);",
            "CREATE TABLE orders (account INTEGER, ts BIGINT, day INTEGER, channel TINYINT, store INTEGER, "
                    + "signed_in BOOLEAN, total BIGINT, items BIGINT, discount BIGINT);",
            "CREATE TABLE order_lines (account INTEGER, ts BIGINT, day INTEGER, product INTEGER, amount BIGINT, "
                    + "via_hub BOOLEAN, purchase BOOLEAN);");

    private final ZoneRules zone;
    private final Map<String, Integer> accountIds = new HashMap<>();
    private final Map<String, Integer> productIds = new HashMap<>();
    private final Map<String, Integer> storeIds;
    private final Set<String> orderIds = new HashSet<>();
    private final DuckDBAppender accounts;
    private final DuckDBAppender created;
    private final DuckDBAppender state;
    private final DuckDBAppender hubOpened;
    private final DuckDBAppender service;
    private final DuckDBAppender hubProduct;
    private final DuckDBAppender orders;
    private final DuckDBAppender lines;
    private long rows;

    DuckDbLoader(DuckDBConnection connection, ZoneId zone, Map<String, Integer> storeIds) throws SQLException {
        this.zone = zone.getRules();
        this.storeIds = storeIds;
        try (Statement s = connection.createStatement()) {
            s.execute(SCHEMA);
        }
        accounts = connection.createAppender("accounts");
        created = connection.createAppender("created");
        state = connection.createAppender("state");
        hubOpened = connection.createAppender("hub_opened");
        service = connection.createAppender("service");
        hubProduct = connection.createAppender("hub_product");
        orders = connection.createAppender("orders");
        lines = connection.createAppender("order_lines");
    }

    /** Appends a batch of valid events. */
    void append(List<? extends Event> events) throws SQLException {
        for (Event e : events) {
            append(e);
        }
    }

    /** Rows appended so far. */
    long rows() {
        return rows;
    }

    private void append(Event e) throws SQLException {
        if (e instanceof Order && !orderIds.add(((Order) e).orderId())) {
            return; // a duplicate order_id: the engine keeps the first one ingested
        }
        int account = account(e.account());
        long ts = e.tsMicros();
        int day = day(ts);
        switch (e.type()) {
            case ACCOUNT_CREATED: {
                AccountCreated c = (AccountCreated) e;
                row(created.beginRow().append(account).append(ts).append(day));
                for (Channel ch : Channel.values()) {
                    stateRow(account, ts, 0, ch, c.contactValid(ch));
                    stateRow(account, ts, 1, ch, c.consentGranted(ch));
                }
                break;
            }
            case CONTACT: {
                ContactChanged c = (ContactChanged) e;
                stateRow(account, ts, 0, c.channel(), c.valid());
                break;
            }
            case CONSENT: {
                ConsentChanged c = (ConsentChanged) e;
                stateRow(account, ts, 1, c.channel(), c.granted());
                break;
            }
            case HUB_OPENED:
                row(hubOpened.beginRow().append(account).append(day));
                break;
            case SERVICE:
                row(service.beginRow().append(account).append(day)
                        .append((byte) ((ServiceInteraction) e).action().ordinal()));
                break;
            case HUB_PRODUCT:
                row(hubProduct.beginRow().append(account)
                        .append(id(productIds, ((HubProductInteraction) e).product())).append(ts).append(day));
                break;
            case ORDER:
                order(account, ts, day, (Order) e);
                break;
            default:
                throw new IllegalArgumentException("unknown event type " + e.type());
        }
    }

    private void order(int account, long ts, int day, Order o) throws SQLException {
        long total = o.total();
        DuckDBAppender a = orders.beginRow().append(account).append(ts).append(day)
                .append((byte) o.channel().ordinal());
        if (o.store() == null) {
            a.appendNull();
        } else {
            a.append(id(storeIds, o.store()));
        }
        row(a.append(o.signedIn()).append(total).append(o.items()).append(o.discount()));
        for (OrderLine l : o.lines()) {
            row(lines.beginRow().append(account).append(ts).append(day).append(id(productIds, l.product()))
                    .append(l.amount()).append(l.viaHub()).append(total > 0));
        }
    }

    private void stateRow(int account, long ts, int kind, Channel channel, boolean value) throws SQLException {
        row(state.beginRow().append(account).append(ts).append((byte) kind).append((byte) channel.ordinal())
                .append(value));
    }

    private void row(DuckDBAppender a) throws SQLException {
        a.endRow();
        rows++;
    }

    private int account(String ext) throws SQLException {
        Integer id = accountIds.get(ext);
        if (id == null) {
            id = accountIds.size();
            accountIds.put(ext, id);
            row(accounts.beginRow().append(id.intValue()).append(ext));
        }
        return id;
    }

    private static int id(Map<String, Integer> ids, String name) {
        Integer id = ids.get(name);
        if (id == null) {
            id = ids.size();
            ids.put(name, id);
        }
        return id;
    }

    /** The calendar day of an instant in the dataset's zone, as an epoch day. */
    private int day(long tsMicros) {
        long seconds = Math.floorDiv(tsMicros, 1_000_000L);
        int offset = zone.getOffset(Instant.ofEpochSecond(seconds)).getTotalSeconds();
        return (int) Math.floorDiv(seconds + offset, 86_400L);
    }

    @Override
    public void close() throws SQLException {
        for (DuckDBAppender a : new DuckDBAppender[]{accounts, created, state, hubOpened, service, hubProduct, orders,
                lines}) {
            a.close();
        }
    }
}
