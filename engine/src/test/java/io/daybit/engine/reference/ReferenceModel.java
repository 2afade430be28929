package io.daybit.engine.reference;

import io.daybit.engine.RfmSettings;
import io.daybit.engine.analytics.RetentionBy;
import io.daybit.engine.analytics.Segment;
import io.daybit.engine.analytics.TransitionBy;
import io.daybit.engine.model.AccountCreated;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.ConsentChanged;
import io.daybit.engine.model.ContactChanged;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.HubOpened;
import io.daybit.engine.model.HubProductInteraction;
import io.daybit.engine.model.Order;
import io.daybit.engine.model.OrderLine;
import io.daybit.engine.model.ServiceAction;
import io.daybit.engine.model.ServiceInteraction;
import io.daybit.engine.query.DayRange;
import io.daybit.engine.query.Granularity;
import io.daybit.engine.query.Preset;
import io.daybit.engine.query.PurchaseFilter;
import io.daybit.engine.query.TimeSpec;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A brute-force model of shared/METRICS.md: it keeps the raw list of accepted events and answers
 * every metric by a plain scan over it, written to be obviously correct rather than fast. The
 * engine's fast paths are checked against it on seeded random data.
 *
 * <p>Nothing here calls the engine's store, query or analytics code: only the engine's input value
 * types (events, {@link DayRange}, {@link TimeSpec}, {@link PurchaseFilter}, {@link RfmSettings},
 * {@link Segment}) are reused, and every answer is a plain record of this class.
 */
public final class ReferenceModel {
    /** The label of "not a customer" in transition matrices. */
    public static final String NONE = "none";

    private final ZoneId zone;
    private final long windowMicros;
    private RfmSettings rfm;
    private final List<Event> events = new ArrayList<>();
    private final Set<String> orderIds = new HashSet<>();

    /**
     * A model of an empty dataset.
     *
     * @param zone                   the dataset's timezone
     * @param attributionWindowHours the dataset's attribution window
     * @param rfm                    the dataset's RFM settings
     */
    public ReferenceModel(ZoneId zone, int attributionWindowHours, RfmSettings rfm) {
        this.zone = Objects.requireNonNull(zone);
        this.windowMicros = attributionWindowHours * 3_600_000_000L;
        this.rfm = Objects.requireNonNull(rfm);
    }

    /** Replaces the RFM settings, like {@code PUT .../rfm}. */
    public void setRfm(RfmSettings settings) {
        this.rfm = Objects.requireNonNull(settings);
    }

    /** The RFM settings in use. */
    public RfmSettings rfmSettings() {
        return rfm;
    }

    // ============================================================ ingest

    /**
     * Ingests one batch in order: an order whose {@code order_id} was accepted before (in an
     * earlier batch or earlier in this one) is rejected, everything else is kept.
     *
     * @return the 1-based positions in {@code batch} of the rejected events
     */
    public List<Integer> ingest(List<? extends Event> batch) {
        List<Integer> rejected = new ArrayList<>();
        int line = 0;
        for (Event e : batch) {
            line++;
            if (e instanceof Order) {
                Order o = (Order) e;
                if (!orderIds.add(o.orderId())) {
                    rejected.add(line);
                    continue;
                }
            }
            events.add(e);
        }
        return rejected;
    }

    /** Every accepted event, in arrival order. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /** The calendar day of an instant in the dataset's timezone (METRICS.md §1). */
    public LocalDate day(long tsMicros) {
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(tsMicros, 1_000_000L),
                Math.floorMod(tsMicros, 1_000_000L) * 1000L);
        return instant.atZone(zone).toLocalDate();
    }

    private static boolean in(LocalDate day, DayRange r) {
        return !day.isBefore(r.from()) && !day.isAfter(r.to());
    }

    /** Dataset info: distinct accounts (guests included), accepted events, first and last day. */
    public Info info() {
        Set<String> accounts = new HashSet<>();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Event e : events) {
            accounts.add(e.account());
            min = Math.min(min, e.tsMicros());
            max = Math.max(max, e.tsMicros());
        }
        return new Info(accounts.size(), events.size(), events.isEmpty() ? null : day(min),
                events.isEmpty() ? null : day(max));
    }

    /** The store names seen in accepted orders, sorted by {@link String#compareTo}. */
    public List<String> stores() {
        TreeSet<String> names = new TreeSet<>();
        for (Event e : events) {
            if (e instanceof Order && ((Order) e).store() != null) {
                names.add(((Order) e).store());
            }
        }
        return List.copyOf(names);
    }

    // ============================================================ §1 time model

    /**
     * Resolves a spec against {@code currentDate} (used unless the spec pins today), written
     * independently of the engine's {@code TimeSpec.resolve}.
     */
    public static Frame resolve(TimeSpec spec, LocalDate currentDate) {
        LocalDate today = spec.today() != null ? spec.today() : currentDate;
        DayRange r = spec.range() != null ? spec.range() : preset(spec.preset(), today);
        DayRange p;
        switch (spec.comparison().kind()) {
            case PREVIOUS_PERIOD: {
                long n = r.to().toEpochDay() - r.from().toEpochDay() + 1;
                p = new DayRange(r.from().minusDays(n), r.from().minusDays(1));
                break;
            }
            case PREVIOUS_YEAR:
                p = new DayRange(yearEarlier(r.from()), yearEarlier(r.to()));
                break;
            case CUSTOM:
                p = spec.comparison().custom();
                break;
            default:
                p = null;
        }
        return new Frame(r, p, today);
    }

    /** The same date one year earlier, Feb 29 becoming Feb 28. */
    static LocalDate yearEarlier(LocalDate d) {
        if (d.getMonthValue() == 2 && d.getDayOfMonth() == 29) {
            return LocalDate.of(d.getYear() - 1, 2, 28);
        }
        return LocalDate.of(d.getYear() - 1, d.getMonthValue(), d.getDayOfMonth());
    }

    /** The range a preset names relative to today (METRICS.md §1). */
    public static DayRange preset(Preset preset, LocalDate today) {
        switch (preset) {
            case TODAY:
                return new DayRange(today, today);
            case YESTERDAY:
                return new DayRange(today.minusDays(1), today.minusDays(1));
            case LAST_7_DAYS:
                return new DayRange(today.minusDays(6), today);
            case LAST_30_DAYS:
                return new DayRange(today.minusDays(29), today);
            case LAST_90_DAYS:
                return new DayRange(today.minusDays(89), today);
            case LAST_365_DAYS:
                return new DayRange(today.minusDays(364), today);
            case MONTH_TO_DATE:
                return new DayRange(LocalDate.of(today.getYear(), today.getMonthValue(), 1), today);
            case QUARTER_TO_DATE: {
                int firstMonth = today.getMonthValue() <= 3 ? 1 : today.getMonthValue() <= 6 ? 4
                        : today.getMonthValue() <= 9 ? 7 : 10;
                return new DayRange(LocalDate.of(today.getYear(), firstMonth, 1), today);
            }
            case YEAR_TO_DATE:
                return new DayRange(LocalDate.of(today.getYear(), 1, 1), today);
            case LAST_MONTH: {
                LocalDate firstOfThis = LocalDate.of(today.getYear(), today.getMonthValue(), 1);
                LocalDate lastOfPrevious = firstOfThis.minusDays(1);
                return new DayRange(LocalDate.of(lastOfPrevious.getYear(), lastOfPrevious.getMonthValue(), 1),
                        lastOfPrevious);
            }
            case LAST_12_MONTHS:
                return new DayRange(today.minusMonths(12).plusDays(1), today);
            default:
                throw new IllegalArgumentException("unknown preset " + preset);
        }
    }

    /** A value with its comparison: METRICS.md §1's change rule, computed literally. */
    public static <T extends Number> Compared<T> compared(T value, T previous) {
        if (value == null || previous == null) {
            return new Compared<>(value, previous, null, null);
        }
        double v = value.doubleValue();
        double p = previous.doubleValue();
        Double change = p == 0.0 ? null : (v - p) / p * 100.0;
        int sign;
        if (value instanceof Long) {
            sign = Long.compare(value.longValue(), previous.longValue());
        } else {
            sign = Double.compare(v, p);
        }
        return new Compared<>(value, previous, change, sign > 0 ? "up" : sign < 0 ? "down" : "flat");
    }

    private static Double ratio(long sum, long count) {
        return count == 0 ? null : (double) sum / count;
    }

    // ============================================================ accounts, consent

    /** The created day of each account: the day of its earliest {@code account_created}. */
    public Map<String, LocalDate> createdDays() {
        Map<String, Long> earliest = new HashMap<>();
        for (Event e : events) {
            if (e instanceof AccountCreated) {
                earliest.merge(e.account(), e.tsMicros(), Math::min);
            }
        }
        Map<String, LocalDate> days = new HashMap<>();
        earliest.forEach((a, ts) -> days.put(a, day(ts)));
        return days;
    }

    /** Latest-wins value of one (account, channel) flag: later ts wins, on equal ts false wins. */
    private static final class Latest {
        long ts = Long.MIN_VALUE;
        boolean value;
        boolean set;

        void offer(long t, boolean v) {
            if (!set || t > ts) {
                ts = t;
                value = v;
                set = true;
            } else if (t == ts) {
                value = value && v;
            }
        }
    }

    /**
     * Whether each account is consented on each channel by current state (consent granted and
     * contact valid), over every accepted event. Accounts with no state at all are absent.
     */
    public Map<String, EnumMap<Channel, Boolean>> consentedByChannel() {
        Map<String, EnumMap<Channel, Latest>> contact = new HashMap<>();
        Map<String, EnumMap<Channel, Latest>> consent = new HashMap<>();
        for (Event e : events) {
            if (e instanceof AccountCreated) {
                AccountCreated c = (AccountCreated) e;
                for (Channel ch : Channel.values()) {
                    latest(contact, c.account(), ch).offer(c.tsMicros(), c.contacts().contains(ch));
                    latest(consent, c.account(), ch).offer(c.tsMicros(),
                            Boolean.TRUE.equals(c.consents().get(ch)));
                }
            } else if (e instanceof ContactChanged) {
                ContactChanged c = (ContactChanged) e;
                latest(contact, c.account(), c.channel()).offer(c.tsMicros(), c.valid());
            } else if (e instanceof ConsentChanged) {
                ConsentChanged c = (ConsentChanged) e;
                latest(consent, c.account(), c.channel()).offer(c.tsMicros(), c.granted());
            }
        }
        Set<String> accounts = new HashSet<>(contact.keySet());
        accounts.addAll(consent.keySet());
        Map<String, EnumMap<Channel, Boolean>> out = new HashMap<>();
        for (String a : accounts) {
            EnumMap<Channel, Boolean> flags = new EnumMap<>(Channel.class);
            for (Channel ch : Channel.values()) {
                Latest valid = contact.getOrDefault(a, new EnumMap<>(Channel.class)).get(ch);
                Latest granted = consent.getOrDefault(a, new EnumMap<>(Channel.class)).get(ch);
                flags.put(ch, valid != null && valid.value && granted != null && granted.value);
            }
            out.put(a, flags);
        }
        return out;
    }

    private static Latest latest(Map<String, EnumMap<Channel, Latest>> state, String account, Channel ch) {
        return state.computeIfAbsent(account, k -> new EnumMap<>(Channel.class)).computeIfAbsent(ch, k -> new Latest());
    }

    private static boolean consentedOn(Map<String, EnumMap<Channel, Boolean>> state, String account, Channel ch) {
        EnumMap<Channel, Boolean> flags = state.get(account);
        if (flags == null) {
            return false;
        }
        if (ch != null) {
            return flags.get(ch);
        }
        return flags.containsValue(Boolean.TRUE);
    }

    // ============================================================ §3 Customer Hub

    /** Accounts created on or before {@code day}. */
    public long totalAccounts(LocalDate day) {
        long n = 0;
        for (LocalDate created : createdDays().values()) {
            if (!created.isAfter(day)) {
                n++;
            }
        }
        return n;
    }

    /** Accounts created within the range. */
    public long newAccounts(DayRange r) {
        long n = 0;
        for (LocalDate created : createdDays().values()) {
            if (in(created, r)) {
                n++;
            }
        }
        return n;
    }

    /** Distinct accounts with a {@code hub_opened} in the range. */
    public long activeAccounts(DayRange r) {
        Set<String> active = new HashSet<>();
        for (Event e : events) {
            if (e instanceof HubOpened && in(day(e.tsMicros()), r)) {
                active.add(e.account());
            }
        }
        return active.size();
    }

    /** {@code service} events in the range, of one action or of all ({@code action} null). */
    public long serviceCount(DayRange r, ServiceAction action) {
        long n = 0;
        for (Event e : events) {
            if (e instanceof ServiceInteraction && in(day(e.tsMicros()), r)
                    && (action == null || ((ServiceInteraction) e).action() == action)) {
                n++;
            }
        }
        return n;
    }

    /** The instants of every {@code hub_product} event, by account and product. */
    private Map<List<String>, List<Long>> hubTouches() {
        Map<List<String>, List<Long>> touches = new HashMap<>();
        for (Event e : events) {
            if (e instanceof HubProductInteraction) {
                HubProductInteraction h = (HubProductInteraction) e;
                touches.computeIfAbsent(List.of(h.account(), h.product()), k -> new ArrayList<>()).add(h.tsMicros());
            }
        }
        return touches;
    }

    /** Whether a line of a purchase is hub-attributed (METRICS.md §3). */
    private boolean hubAttributed(Order order, OrderLine line, Map<List<String>, List<Long>> touches) {
        if (order.total() <= 0 || line.amount() <= 0) {
            return false;
        }
        if (line.viaHub()) {
            return true;
        }
        for (long t : touches.getOrDefault(List.of(order.account(), line.product()), List.of())) {
            if (t <= order.tsMicros() && order.tsMicros() <= t + windowMicros) {
                return true;
            }
        }
        return false;
    }

    /** Σ amount of hub-attributed lines of purchases in the range. */
    public long revenueGenerated(DayRange r) {
        Map<List<String>, List<Long>> touches = hubTouches();
        long sum = 0;
        for (Event e : events) {
            if (e instanceof Order && in(day(e.tsMicros()), r)) {
                Order o = (Order) e;
                for (OrderLine line : o.lines()) {
                    if (hubAttributed(o, line, touches)) {
                        sum += line.amount();
                    }
                }
            }
        }
        return sum;
    }

    /** Signed-in purchases in the range: {orders, revenue}. */
    public long[] signedInPurchases(DayRange r) {
        long orders = 0;
        long revenue = 0;
        for (Event e : events) {
            if (e instanceof Order && in(day(e.tsMicros()), r)) {
                Order o = (Order) e;
                if (o.signedIn() && o.total() > 0) {
                    orders++;
                    revenue += o.total();
                }
            }
        }
        return new long[] {orders, revenue};
    }

    /** The hub overview cards of a range with its comparison period (null for none). */
    public HubOverviewRef hubOverview(DayRange r, DayRange p) {
        return new HubOverviewRef(
                compared(totalAccounts(r.to()), p == null ? null : totalAccounts(p.to())),
                compared(newAccounts(r), p == null ? null : newAccounts(p)),
                compared(activeAccounts(r), p == null ? null : activeAccounts(p)),
                compared(serviceCount(r, null), p == null ? null : serviceCount(p, null)),
                compared(revenueGenerated(r), p == null ? null : revenueGenerated(p)));
    }

    /** Service interactions in total and per action. */
    public ServiceRef serviceInteractions(DayRange r, DayRange p) {
        Map<ServiceAction, Compared<Long>> byAction = new EnumMap<>(ServiceAction.class);
        for (ServiceAction a : ServiceAction.values()) {
            byAction.put(a, compared(serviceCount(r, a), p == null ? null : serviceCount(p, a)));
        }
        return new ServiceRef(compared(serviceCount(r, null), p == null ? null : serviceCount(p, null)),
                byAction);
    }

    /** AOV of signed-in purchases with its comparison and the series over the range. */
    public AovRef aov(DayRange r, DayRange p, Granularity granularity) {
        long[] now = signedInPurchases(r);
        long[] before = p == null ? null : signedInPurchases(p);
        List<Bucket> series = new ArrayList<>();
        for (DayRange b : buckets(r, granularity)) {
            long[] v = signedInPurchases(b);
            series.add(new Bucket(b.from(), b.to(), v[0], v[1], ratio(v[1], v[0])));
        }
        return new AovRef(
                compared(ratio(now[1], now[0]), before == null ? null : ratio(before[1], before[0])),
                compared(now[0], before == null ? null : before[0]),
                compared(now[1], before == null ? null : before[1]),
                series);
    }

    /** The key of the calendar period (day, ISO week, month) that holds a day: its first day. */
    static LocalDate periodStart(LocalDate day, Granularity g) {
        switch (g) {
            case DAY:
                return day;
            case WEEK:
                return day.minusDays(day.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue());
            default:
                return LocalDate.of(day.getYear(), day.getMonthValue(), 1);
        }
    }

    /** The first day of the period after the one starting on {@code start}. */
    static LocalDate nextPeriod(LocalDate start, Granularity g) {
        switch (g) {
            case DAY:
                return start.plusDays(1);
            case WEEK:
                return start.plusDays(7);
            default:
                return start.plusMonths(1);
        }
    }

    /** The periods that intersect a range, clipped to it: a walk over every day. */
    static List<DayRange> buckets(DayRange r, Granularity g) {
        Map<LocalDate, List<LocalDate>> byPeriod = new LinkedHashMap<>();
        for (LocalDate d = r.from(); !d.isAfter(r.to()); d = d.plusDays(1)) {
            byPeriod.computeIfAbsent(periodStart(d, g), k -> new ArrayList<>()).add(d);
        }
        List<DayRange> out = new ArrayList<>();
        for (List<LocalDate> days : byPeriod.values()) {
            out.add(new DayRange(days.get(0), days.get(days.size() - 1)));
        }
        return out;
    }

    // ============================================================ §4 Customer & Business

    /** Users and consent as of today, by current state. */
    public UsersRef usersOverview(LocalDate today) {
        Map<String, LocalDate> created = createdDays();
        Map<String, EnumMap<Channel, Boolean>> state = consentedByChannel();
        long users = 0;
        long consented = 0;
        Map<Channel, Long> byChannel = new EnumMap<>(Channel.class);
        for (Channel ch : Channel.values()) {
            byChannel.put(ch, 0L);
        }
        for (Map.Entry<String, LocalDate> e : created.entrySet()) {
            if (e.getValue().isAfter(today)) {
                continue;
            }
            users++;
            if (consentedOn(state, e.getKey(), null)) {
                consented++;
            }
            for (Channel ch : Channel.values()) {
                if (consentedOn(state, e.getKey(), ch)) {
                    byChannel.merge(ch, 1L, Long::sum);
                }
            }
        }
        return new UsersRef(users, consented, byChannel);
    }

    /** The orders in a range that pass the filters, E being the end of the period computed. */
    private List<Order> filteredOrders(DayRange r, PurchaseFilter f) {
        Map<String, LocalDate> created = createdDays();
        Map<String, EnumMap<Channel, Boolean>> state = consentedByChannel();
        List<Order> out = new ArrayList<>();
        for (Event e : events) {
            if (!(e instanceof Order) || !in(day(e.tsMicros()), r)) {
                continue;
            }
            Order o = (Order) e;
            if (f.consent() != null) {
                boolean consented = created.containsKey(o.account())
                        && consentedOn(state, o.account(), f.consentChannel());
                if (consented != (f.consent() == PurchaseFilter.Consent.WITH)) {
                    continue;
                }
            }
            if (f.recency() != null) {
                LocalDate c = created.get(o.account());
                LocalDate end = r.to();
                LocalDate start = f.recency() == PurchaseFilter.Recency.NEW_30D ? end.minusDays(29)
                        : end.minusMonths(12).plusDays(1);
                if (c == null || c.isBefore(start) || c.isAfter(end)) {
                    continue;
                }
            }
            if (f.channel() != null && o.channel() != f.channel()) {
                continue;
            }
            if (f.store() != null && !f.store().equals(o.store())) {
                continue;
            }
            out.add(o);
        }
        return out;
    }

    /** Plain purchase-activity numbers of one period. */
    private Purchases purchasesIn(DayRange r, PurchaseFilter f) {
        long purchases = 0;
        Set<String> buyers = new HashSet<>();
        long revenue = 0;
        long purchaseRevenue = 0;
        long items = 0;
        long discount = 0;
        for (Order o : filteredOrders(r, f)) {
            revenue += o.total();
            if (o.total() > 0) {
                purchases++;
                buyers.add(o.account());
                purchaseRevenue += o.total();
                items += o.items();
                discount += o.discount();
            }
        }
        return new Purchases(purchases, buyers.size(), revenue, purchaseRevenue,
                ratio(purchaseRevenue, purchases), ratio(items, purchases), discount);
    }

    /** Purchase activity of a range with its comparison period (null for none), filtered. */
    public PurchasesRef purchases(DayRange r, DayRange p, PurchaseFilter filter) {
        Purchases now = purchasesIn(r, filter);
        Purchases before = p == null ? null : purchasesIn(p, filter);
        return new PurchasesRef(
                compared(now.purchases, before == null ? null : before.purchases),
                compared(now.buyers, before == null ? null : before.buyers),
                compared(now.revenue, before == null ? null : before.revenue),
                compared(now.purchaseRevenue, before == null ? null : before.purchaseRevenue),
                compared(now.aov, before == null ? null : before.aov),
                compared(now.itemsPerPurchase, before == null ? null : before.itemsPerPurchase),
                compared(now.discount, before == null ? null : before.discount));
    }

    private record Purchases(long purchases, long buyers, long revenue, long purchaseRevenue, Double aov,
                             Double itemsPerPurchase, long discount) {
    }

    // ============================================================ §5 RFM

    /** Each customer's raw RFM values at D (only accounts with a purchase in the lookback window). */
    public Map<String, long[]> rfmValues(LocalDate d) {
        LocalDate windowStart = d.minusDays(rfm.lookbackDays() - 1L);
        Map<String, long[]> values = new HashMap<>();
        for (Event e : events) {
            if (!(e instanceof Order)) {
                continue;
            }
            Order o = (Order) e;
            LocalDate day = day(o.tsMicros());
            if (o.total() <= 0 || day.isBefore(windowStart) || day.isAfter(d)) {
                continue;
            }
            long recency = d.toEpochDay() - day.toEpochDay();
            long[] v = values.computeIfAbsent(o.account(), k -> new long[] {Long.MAX_VALUE, 0, 0});
            v[0] = Math.min(v[0], recency);
            v[1]++;
            v[2] += o.total();
        }
        return values;
    }

    /** Quantile thresholds: the values at 1-based positions ⌈n/3⌉ and ⌈2n/3⌉, or nulls for n = 0. */
    private static Long[] tertiles(List<Long> values) {
        int n = values.size();
        if (n == 0) {
            return new Long[] {null, null};
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int p1 = (n + 2) / 3;
        int p2 = (2 * n + 2) / 3;
        return new Long[] {sorted.get(p1 - 1), sorted.get(p2 - 1)};
    }

    /** Every customer's scores at D, and the thresholds used. */
    public Scores scores(LocalDate d) {
        Map<String, long[]> values = rfmValues(d);
        Long[][] t = new Long[3][];
        if (rfm.mode() == RfmSettings.Mode.QUANTILE) {
            for (int dim = 0; dim < 3; dim++) {
                List<Long> column = new ArrayList<>();
                for (long[] v : values.values()) {
                    column.add(v[dim]);
                }
                t[dim] = tertiles(column);
            }
        } else {
            t[0] = new Long[] {rfm.r().low(), rfm.r().high()};
            t[1] = new Long[] {rfm.f().low(), rfm.f().high()};
            t[2] = new Long[] {rfm.m().low(), rfm.m().high()};
        }
        Map<String, String> cellOf = new HashMap<>();
        for (Map.Entry<String, long[]> e : values.entrySet()) {
            long[] v = e.getValue();
            int r;
            int f;
            int m;
            if (rfm.mode() == RfmSettings.Mode.QUANTILE) {
                r = v[0] <= t[0][0] ? 3 : v[0] <= t[0][1] ? 2 : 1;
                f = v[1] <= t[1][0] ? 1 : v[1] <= t[1][1] ? 2 : 3;
                m = v[2] <= t[2][0] ? 1 : v[2] <= t[2][1] ? 2 : 3;
            } else {
                r = v[0] <= t[0][0] ? 3 : v[0] <= t[0][1] ? 2 : 1;
                f = v[1] >= t[1][1] ? 3 : v[1] >= t[1][0] ? 2 : 1;
                m = v[2] >= t[2][1] ? 3 : v[2] >= t[2][0] ? 2 : 1;
            }
            cellOf.put(e.getKey(), "" + r + f + m);
        }
        return new Scores(d, cellOf, t[0][0], t[0][1], t[1][0], t[1][1], t[2][0], t[2][1]);
    }

    /** The persona a cell belongs to in the current settings. */
    public String personaOf(String cell) {
        for (Map.Entry<String, List<String>> e : rfm.personas().entrySet()) {
            if (e.getValue().contains(cell)) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("cell " + cell + " in no persona");
    }

    /** The lifecycle stage of a cell, by its R digit. */
    public static String stageOf(String cell) {
        char r = cell.charAt(0);
        return r == '3' ? "active" : r == '2' ? "lapsing" : "inactive";
    }

    /** The RFM matrix, stages and revenue by persona as of D. */
    public RfmRef rfm(LocalDate d) {
        Scores s = scores(d);
        Map<String, Long> cells = new LinkedHashMap<>();
        for (int r = 1; r <= 3; r++) {
            for (int f = 1; f <= 3; f++) {
                for (int m = 1; m <= 3; m++) {
                    cells.put("" + r + f + m, 0L);
                }
            }
        }
        Map<String, Long> stages = new LinkedHashMap<>();
        stages.put("active", 0L);
        stages.put("lapsing", 0L);
        stages.put("inactive", 0L);
        for (String cell : s.cellOf().values()) {
            cells.merge(cell, 1L, Long::sum);
            stages.merge(stageOf(cell), 1L, Long::sum);
        }
        Map<String, String> personaOfCell = new HashMap<>();
        for (String cell : cells.keySet()) {
            personaOfCell.put(cell, personaOf(cell));
        }
        // lifetime totals up to D of every customer: revenue (refunds included), purchases, purchase totals
        Map<String, long[]> lifetime = new HashMap<>();
        for (Event e : events) {
            if (e instanceof Order && s.cellOf().containsKey(e.account()) && !day(e.tsMicros()).isAfter(d)) {
                Order o = (Order) e;
                long[] v = lifetime.computeIfAbsent(o.account(), k -> new long[3]);
                v[0] += o.total();
                if (o.total() > 0) {
                    v[1]++;
                    v[2] += o.total();
                }
            }
        }
        long allRevenue = 0;
        for (long[] v : lifetime.values()) {
            allRevenue += v[0];
        }
        List<PersonaRef> personas = new ArrayList<>();
        for (String persona : rfm.personas().keySet()) {
            long customers = 0;
            long revenue = 0;
            long purchases = 0;
            long purchaseTotal = 0;
            for (Map.Entry<String, String> c : s.cellOf().entrySet()) {
                if (personaOfCell.get(c.getValue()).equals(persona)) {
                    customers++;
                    long[] v = lifetime.get(c.getKey());
                    revenue += v[0];
                    purchases += v[1];
                    purchaseTotal += v[2];
                }
            }
            personas.add(new PersonaRef(persona, customers, revenue, ratio(revenue, allRevenue),
                    ratio(revenue, customers), ratio(purchases, customers), ratio(purchaseTotal, purchases)));
        }
        return new RfmRef(d, s.cellOf().size(), s.rT1(), s.rT2(), s.fT1(), s.fT2(), s.mT1(), s.mT2(), cells,
                personaOfCell, stages, personas);
    }

    /** The group label of a cell for a transition matrix. */
    private String label(String cell, TransitionBy by) {
        switch (by) {
            case PERSONA:
                return personaOf(cell);
            case STAGE:
                return stageOf(cell);
            default:
                return cell.substring(0, 1);
        }
    }

    /** Every label of a transition matrix, {@code none} last. */
    public List<String> transitionLabels(TransitionBy by) {
        List<String> labels = new ArrayList<>();
        switch (by) {
            case PERSONA:
                labels.addAll(rfm.personas().keySet());
                break;
            case STAGE:
                labels.addAll(List.of("active", "lapsing", "inactive"));
                break;
            default:
                labels.addAll(List.of("1", "2", "3"));
        }
        labels.add(NONE);
        return labels;
    }

    /** {@code counts[from label][to label]} over every label pair, zeros included. */
    public Map<String, Map<String, Long>> transitions(LocalDate d1, LocalDate d2, TransitionBy by) {
        if (!d1.isBefore(d2)) {
            throw new IllegalArgumentException("from must be before to");
        }
        List<String> labels = transitionLabels(by);
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (String a : labels) {
            Map<String, Long> row = new LinkedHashMap<>();
            for (String b : labels) {
                row.put(b, 0L);
            }
            counts.put(a, row);
        }
        Map<String, String> at1 = scores(d1).cellOf();
        Map<String, String> at2 = scores(d2).cellOf();
        Set<String> accounts = new HashSet<>(at1.keySet());
        accounts.addAll(at2.keySet());
        for (String a : accounts) {
            String l1 = at1.containsKey(a) ? label(at1.get(a), by) : NONE;
            String l2 = at2.containsKey(a) ? label(at2.get(a), by) : NONE;
            counts.get(l1).merge(l2, 1L, Long::sum);
        }
        return counts;
    }

    /** Every member of a segment at D, ordered byte-wise by UTF-8. */
    public List<String> segment(LocalDate d, Segment segment) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : scores(d).cellOf().entrySet()) {
            String cell = e.getValue();
            boolean member;
            if (segment.persona() != null) {
                member = personaOf(cell).equals(segment.persona());
            } else if (segment.stage() != null) {
                member = stageOf(cell).equals(segment.stage().wireName());
            } else {
                member = cell.equals("" + segment.r() + segment.f() + segment.m());
            }
            if (member) {
                out.add(e.getKey());
            }
        }
        out.sort(UTF8_ORDER);
        return out;
    }

    /** A page of a segment's members after {@code after} (null: from the first). */
    public MembersRef members(LocalDate d, Segment segment, int limit, String after) {
        List<String> all = segment(d, segment);
        List<String> following = new ArrayList<>();
        for (String a : all) {
            if (after == null || UTF8_ORDER.compare(a, after) > 0) {
                following.add(a);
            }
        }
        List<String> page = following.subList(0, Math.min(limit, following.size()));
        String next = following.size() > page.size() ? page.get(page.size() - 1) : null;
        return new MembersRef(List.copyOf(page), next);
    }

    /** Strings compared as unsigned bytes of their UTF-8 encoding. */
    public static final Comparator<String> UTF8_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    // ============================================================ §6 retention

    /** Retention cohorts of a range by week or month. */
    public List<CohortRef> retention(DayRange r, Granularity period, RetentionBy by) {
        if (period == Granularity.DAY) {
            throw new IllegalArgumentException("period is week or month");
        }
        Map<String, LocalDate> created = createdDays();
        // the days on which each account was retained (opened the hub, or made a purchase)
        Map<String, Set<LocalDate>> activeDays = new HashMap<>();
        for (Event e : events) {
            boolean counts = by == RetentionBy.HUB_OPENED ? e instanceof HubOpened
                    : e instanceof Order && ((Order) e).total() > 0;
            if (counts) {
                activeDays.computeIfAbsent(e.account(), k -> new HashSet<>()).add(day(e.tsMicros()));
            }
        }
        List<CohortRef> cohorts = new ArrayList<>();
        for (LocalDate start = periodStart(r.from(), period); !start.isAfter(r.to());
                start = nextPeriod(start, period)) {
            LocalDate end = nextPeriod(start, period).minusDays(1);
            List<String> members = new ArrayList<>();
            for (Map.Entry<String, LocalDate> c : created.entrySet()) {
                LocalDate day = c.getValue();
                if (!day.isBefore(start) && !day.isAfter(end) && in(day, r)) {
                    members.add(c.getKey());
                }
            }
            List<Long> retained = new ArrayList<>();
            for (LocalDate kStart = start; !nextPeriod(kStart, period).minusDays(1).isAfter(r.to());
                    kStart = nextPeriod(kStart, period)) {
                LocalDate kEnd = nextPeriod(kStart, period).minusDays(1);
                long n = 0;
                for (String m : members) {
                    for (LocalDate d : activeDays.getOrDefault(m, Set.of())) {
                        if (!d.isBefore(kStart) && !d.isAfter(kEnd)) {
                            n++;
                            break;
                        }
                    }
                }
                retained.add(n);
            }
            cohorts.add(new CohortRef(start, end, members.size(), retained));
        }
        return cohorts;
    }

    // ============================================================ answers

    /** A resolved period: the range, its comparison (null for none), and the today used. */
    public record Frame(DayRange range, DayRange comparison, LocalDate today) {
    }

    /** A value with its comparison; {@code direction} is "up", "down", "flat" or null. */
    public record Compared<T extends Number>(T value, T previous, Double changePct, String direction) {
    }

    /** Dataset counts. */
    public record Info(long accounts, long events, LocalDate firstDay, LocalDate lastDay) {
    }

    /** §3 overview cards. */
    public record HubOverviewRef(Compared<Long> totalAccounts, Compared<Long> newAccounts,
                                 Compared<Long> activeAccounts, Compared<Long> serviceInteractions,
                                 Compared<Long> revenueGenerated) {
    }

    /** §3 service interactions. */
    public record ServiceRef(Compared<Long> total, Map<ServiceAction, Compared<Long>> byAction) {
    }

    /** One AOV series bucket. */
    public record Bucket(LocalDate start, LocalDate end, long orders, long revenue, Double aov) {
    }

    /** §3 AOV. */
    public record AovRef(Compared<Double> aov, Compared<Long> orders, Compared<Long> revenue, List<Bucket> series) {
    }

    /** §4 users overview. */
    public record UsersRef(long users, long consented, Map<Channel, Long> consentedByChannel) {
    }

    /** §4 purchase activity. */
    public record PurchasesRef(Compared<Long> purchases, Compared<Long> buyers, Compared<Long> revenue,
                               Compared<Long> purchaseRevenue, Compared<Double> aov,
                               Compared<Double> itemsPerPurchase, Compared<Long> discount) {
    }

    /**
     * Every customer's cell ("RFM") at D and the thresholds used (quantile: computed, null without
     * customers; fixed: configured).
     */
    public record Scores(LocalDate asOf, Map<String, String> cellOf, Long rT1, Long rT2, Long fT1, Long fT2,
                         Long mT1, Long mT2) {
    }

    /** Revenue by persona. */
    public record PersonaRef(String persona, long customers, long revenue, Double revenueShare, Double avgClv,
                             Double avgOrders, Double aov) {
    }

    /**
     * §5 RFM report: {@code cells} and {@code personaOfCell} keyed by "RFM", {@code stages} by
     * wire name, {@code personas} in the map's order.
     */
    public record RfmRef(LocalDate asOf, long customers, Long rT1, Long rT2, Long fT1, Long fT2, Long mT1,
                         Long mT2, Map<String, Long> cells, Map<String, String> personaOfCell,
                         Map<String, Long> stages, List<PersonaRef> personas) {
    }

    /** A page of segment members. */
    public record MembersRef(List<String> accounts, String next) {
    }

    /** One retention cohort. */
    public record CohortRef(LocalDate start, LocalDate end, long size, List<Long> retained) {
    }
}
