package io.daybit.engine.store;

import io.daybit.engine.model.AccountCreated;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.ConsentChanged;
import io.daybit.engine.model.ContactChanged;
import io.daybit.engine.model.EventType;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.HubProductInteraction;
import io.daybit.engine.model.Order;
import io.daybit.engine.model.OrderLine;
import io.daybit.engine.model.ServiceAction;
import io.daybit.engine.model.ServiceInteraction;
import java.time.ZoneId;
import java.util.List;

/**
 * All columns of one dataset, and the one method that applies a valid event to them.
 *
 * <p><b>Single writer.</b> {@link #apply} and {@link #seal} are called by one thread at a time
 * (the dataset's writer, under its write lock); readers use the getters under the read lock, after
 * {@link #seal}. The result of applying any set of events does not depend on their order: every
 * structure is either a commutative aggregate (counters, sets) or a latest-wins / earliest-wins
 * register, and hub attribution is matched from whichever side arrives second.
 */
public final class DatasetStore {
    private static final int ACTIONS = ServiceAction.values().length;

    private final DayClock clock;
    private final AccountDictionary accounts;
    private final AccountState state = new AccountState();
    private final StringDictionary products = new StringDictionary();
    private final StringDictionary stores = new StringDictionary();
    private final OrderIdIndex orderIds;
    private final OrderColumns orders = new OrderColumns();
    /** §4 purchase activity: orders filed by key, consent class and cohort (see PurchaseIndex). */
    private final PurchaseIndex purchases = new PurchaseIndex(state, orders);

    private final DaySeries created = new DaySeries();
    private final DayBitmapTree createdAccounts = new DayBitmapTree();
    private final DayBitmapTree hubOpened = new DayBitmapTree();
    private final ActiveGaps hubActives = new ActiveGaps();
    private final DaySeries[] service = new DaySeries[ACTIONS];
    private final DaySeries hubRevenue = new DaySeries();
    private final DaySeries signedInPurchases = new DaySeries();
    private final DaySeries signedInRevenue = new DaySeries();
    private final HubAttribution attribution;
    private final HubAttribution.Sink attributedRevenue = hubRevenue::add;

    private long events;
    private long minTs = Long.MAX_VALUE;
    private long maxTs = Long.MIN_VALUE;

    /** A store whose account dictionary and order-id index live on the heap. */
    public DatasetStore(ZoneId zone, int attributionWindowHours) {
        this(zone, attributionWindowHours, KeyIndexes.onHeap());
    }

    /** A store whose account dictionary and order-id index are new views of {@code indexes}. */
    public DatasetStore(ZoneId zone, int attributionWindowHours, KeyIndexes indexes) {
        this.accounts = indexes.newAccountDictionary();
        this.orderIds = indexes.newOrderIdIndex();
        this.clock = new DayClock(zone);
        this.attribution = new HubAttribution(attributionWindowHours * 3_600_000_000L);
        for (int i = 0; i < ACTIONS; i++) {
            service[i] = new DaySeries();
        }
    }

    /** How far the account dictionary and order-id index were reserved: see {@link #reserveKeys}. */
    public record KeyMark(int accounts, int orderRows) {
    }

    /** The current reservations of the key indexes, to {@link #releaseKeys} back to. */
    public KeyMark keyMark() {
        return new KeyMark(accounts.reserved(), orderIds.reserved());
    }

    /**
     * Writes the entries that applying {@code events} will need in the account dictionary and the
     * order-id index, before their batch is logged: indexes kept in files may fail to grow (a full
     * disk), and must fail before the batch is stored, not half way through applying it. The
     * events are then applied in the same order, after the batches reserved before them. Writer
     * thread; readers see none of it until the events are applied.
     */
    public void reserveKeys(List<? extends Event> events) {
        for (int i = 0, n = events.size(); i < n; i++) {
            Event e = events.get(i);
            accounts.reserve(e.account());
            if (e.type() == EventType.ORDER) {
                orderIds.reserve(((Order) e).orderId());
            }
        }
    }

    /** Drops the reservations made after {@code mark}: their batch is not applied. */
    public void releaseKeys(KeyMark mark) {
        accounts.release(mark.accounts());
        orderIds.release(mark.orderRows());
    }

    /** Whether an order with this id was already accepted. */
    public boolean hasOrderId(String orderId) {
        return orderIds.contains(orderId);
    }

    /** Applies one valid event. An order must not be a duplicate (see {@link #hasOrderId}). */
    public void apply(Event e) {
        int account = accounts.idOf(e.account());
        state.ensure(account);
        long ts = e.tsMicros();
        int day = clock.epochDay(ts);
        events++;
        minTs = Math.min(minTs, ts);
        maxTs = Math.max(maxTs, ts);
        switch (e.type()) {
            case ACCOUNT_CREATED -> applyCreated(account, day, (AccountCreated) e);
            case CONTACT -> {
                ContactChanged c = (ContactChanged) e;
                state.contact(account, c.channel(), ts, c.valid());
            }
            case CONSENT -> {
                ConsentChanged c = (ConsentChanged) e;
                state.consent(account, c.channel(), ts, c.granted());
            }
            case HUB_OPENED -> {
                if (hubOpened.add(day, account)) {
                    hubActives.added(day, account, hubOpened);
                }
            }
            case SERVICE -> service[((ServiceInteraction) e).action().ordinal()].add(day, 1);
            case HUB_PRODUCT -> {
                int product = products.idOf(((HubProductInteraction) e).product());
                attribution.hubProduct(HubAttribution.key(account, product), ts, attributedRevenue);
            }
            case ORDER -> applyOrder(account, day, (Order) e);
        }
        switch (e.type()) {
            case ACCOUNT_CREATED, CONTACT, CONSENT -> purchases.accountChanged(account);
            default -> {
            }
        }
    }

    private void applyCreated(int account, int day, AccountCreated e) {
        int previousDay = state.create(account, e.tsMicros(), day);
        if (previousDay != Integer.MAX_VALUE) {
            if (previousDay != Integer.MIN_VALUE) {
                created.add(previousDay, -1);
                createdAccounts.remove(previousDay, account);
            }
            created.add(day, 1);
            createdAccounts.add(day, account);
        }
        for (Channel c : Channel.values()) {
            state.contact(account, c, e.tsMicros(), e.contactValid(c));
            state.consent(account, c, e.tsMicros(), e.consentGranted(c));
        }
    }

    private void applyOrder(int account, int day, Order o) {
        long total = o.total();
        if (total > 0) {
            for (OrderLine line : o.lines()) {
                if (line.amount() <= 0) {
                    continue;
                }
                if (line.viaHub()) {
                    hubRevenue.add(day, line.amount());
                } else {
                    long key = HubAttribution.key(account, products.idOf(line.product()));
                    attribution.candidateLine(key, o.tsMicros(), day, line.amount(), attributedRevenue);
                }
            }
            if (o.signedIn()) {
                signedInPurchases.add(day, 1);
                signedInRevenue.add(day, total);
            }
        }
        int store = o.store() == null ? OrderColumns.NO_STORE : stores.idOf(o.store());
        int row = orders.append(account, day, total, o.items(), o.discount(), o.channel().ordinal(), store,
                o.signedIn());
        orderIds.add(o.orderId(), row);
        purchases.order(row);
    }

    /** Called once the dataset's snapshot and log are loaded into this store, before new events. */
    public void afterLoad() {
        accounts.afterLoad();
        orderIds.afterLoad(orders.size());
    }

    /** Makes every write since the last seal visible to readers (rebuilds prefix sums). */
    public void seal() {
        created.seal();
        hubActives.seal();
        for (DaySeries s : service) {
            s.seal();
        }
        hubRevenue.seal();
        signedInPurchases.seal();
        signedInRevenue.seal();
        purchases.seal();
    }

    public DayClock clock() {
        return clock;
    }

    public AccountDictionary accounts() {
        return accounts;
    }

    public AccountState accountState() {
        return state;
    }

    public StringDictionary stores() {
        return stores;
    }

    public OrderColumns orders() {
        return orders;
    }

    /** Purchase activity by key, consent class and cohort (METRICS.md §4). */
    public PurchaseIndex purchases() {
        return purchases;
    }

    /** Accounts created per day (count). */
    public DaySeries created() {
        return created;
    }

    /** Accounts created per day (sets). */
    public DayBitmapTree createdAccounts() {
        return createdAccounts;
    }

    /** Accounts that opened the hub, per day (sets): retention by hub opened (§6). */
    public DayBitmapTree hubOpened() {
        return hubOpened;
    }

    /** Distinct accounts that opened the hub over any range of days (§1 active accounts). */
    public ActiveGaps hubActives() {
        return hubActives;
    }

    /** Accounts with at least one purchase (total &gt; 0) per day: retention by purchase (§6). */
    public DayBitmapTree buyers() {
        return purchases.allBuyers();
    }

    public DaySeries service(ServiceAction action) {
        return service[action.ordinal()];
    }

    public DaySeries hubRevenue() {
        return hubRevenue;
    }

    public DaySeries signedInPurchases() {
        return signedInPurchases;
    }

    public DaySeries signedInRevenue() {
        return signedInRevenue;
    }

    /** Accepted events. */
    public long events() {
        return events;
    }

    /** Instant of the earliest accepted event, or {@link Long#MAX_VALUE} when none. */
    public long minTsMicros() {
        return minTs;
    }

    /** Instant of the latest accepted event, or {@link Long#MIN_VALUE} when none. */
    public long maxTsMicros() {
        return maxTs;
    }

    /** Bytes held by the store, roughly. */
    public long sizeInBytes() {
        long bytes = state.sizeInBytes() + orders.sizeInBytes() + attribution.sizeInBytes()
                + created.sizeInBytes() + createdAccounts.sizeInBytes()
                + hubOpened.sizeInBytes() + hubActives.sizeInBytes()
                + hubRevenue.sizeInBytes() + signedInPurchases.sizeInBytes() + signedInRevenue.sizeInBytes()
                + purchases.sizeInBytes();
        for (DaySeries s : service) {
            bytes += s.sizeInBytes();
        }
        return bytes + accounts.sizeInBytes() + orderIds.sizeInBytes();
    }

    // ---------------------------------------------------------------- snapshots

    /**
     * Writes every column for a snapshot, in a fixed order with a marker before each. Reads the
     * store without changing it: the writer thread calls it between batches, while queries go on.
     * A column added to the store must be added here and in {@link #readFrom} (the snapshot tests
     * compare a store read back with the one written, query by query).
     */
    public void writeTo(SnapshotOutput out) {
        out.writeSection(0x5354_0001);
        out.writeLong(events);
        out.writeLong(minTs);
        out.writeLong(maxTs);
        out.writeSection(0x5354_0002);
        accounts.writeTo(out);
        state.writeTo(out, accounts.size());
        products.writeTo(out);
        stores.writeTo(out);
        out.writeSection(0x5354_0003);
        orderIds.writeTo(out);
        orders.writeTo(out);
        out.writeSection(0x5354_0004);
        created.writeTo(out);
        createdAccounts.writeTo(out);
        hubOpened.writeTo(out);
        for (DaySeries s : service) {
            s.writeTo(out);
        }
        hubRevenue.writeTo(out);
        signedInPurchases.writeTo(out);
        signedInRevenue.writeTo(out);
        out.writeSection(0x5354_0005);
        attribution.writeTo(out);
        out.writeSection(0x5354_0006);
        purchases.writeTo(out);
        out.writeSection(0x5354_00FF);
    }

    /**
     * Reads what {@link #writeTo} wrote into this new, empty store, which is then sealed.
     *
     * @throws IllegalStateException when the snapshot does not hold what this version writes
     */
    public void readFrom(SnapshotInput in) {
        if (events != 0 || accounts.size() != 0) {
            throw new IllegalStateException("a snapshot is read into an empty store only");
        }
        in.readSection(0x5354_0001);
        events = in.readLong();
        minTs = in.readLong();
        maxTs = in.readLong();
        in.readSection(0x5354_0002);
        accounts.readFrom(in);
        state.readFrom(in);
        if (accounts.size() > 0) {
            state.ensure(accounts.size() - 1);
        }
        products.readFrom(in);
        stores.readFrom(in);
        in.readSection(0x5354_0003);
        orderIds.readFrom(in);
        orders.readFrom(in);
        in.readSection(0x5354_0004);
        created.readFrom(in);
        createdAccounts.readFrom(in, accounts.size());
        hubOpened.readFrom(in, accounts.size());
        hubActives.rebuildFrom(hubOpened);
        for (DaySeries s : service) {
            s.readFrom(in);
        }
        hubRevenue.readFrom(in);
        signedInPurchases.readFrom(in);
        signedInRevenue.readFrom(in);
        in.readSection(0x5354_0005);
        attribution.readFrom(in);
        in.readSection(0x5354_0006);
        purchases.readFrom(in);
        in.readSection(0x5354_00FF);
        seal();
    }
}
