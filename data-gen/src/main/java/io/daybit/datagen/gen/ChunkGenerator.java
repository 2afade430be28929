package io.daybit.datagen.gen;

import io.daybit.datagen.profile.GeneratorConfig;
import io.daybit.engine.codec.TimestampStyle;
import io.daybit.engine.model.AccountCreated;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.ConsentChanged;
import io.daybit.engine.model.ContactChanged;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.EventType;
import io.daybit.engine.model.HubOpened;
import io.daybit.engine.model.HubProductInteraction;
import io.daybit.engine.model.Order;
import io.daybit.engine.model.OrderLine;
import io.daybit.engine.model.ProductAction;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.model.ServiceAction;
import io.daybit.engine.model.ServiceInteraction;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Generates the events of a fixed range of accounts, one day after the other. It owns the state
 * that links days: events scheduled for later days (orders that follow a hub interaction by more
 * than a day, refunds, late arrivals) and each account's current consent and contact state.
 *
 * <p>A day's output is, for each account in order: the events scheduled for it on that day (in
 * the order they were scheduled), then its new events of the day in time order. Every random draw
 * comes from a hash of (seed, account, day), so the output does not depend on how the accounts are
 * split into chunks, nor on which thread runs a chunk. One thread at a time; days in order.
 */
final class ChunkGenerator {
    private static final Comparator<Pending> BY_ACCOUNT = Comparator.comparingInt(Pending::account);
    private static final Rng.AliasTable SERVICE_ACTIONS = new Rng.AliasTable(new double[] {0.36, 0.10, 0.20, 0.24, 0.10});
    private static final ServiceAction[] SERVICE = ServiceAction.values();
    private static final Rng.AliasTable PRODUCT_ACTIONS = new Rng.AliasTable(new double[] {0.55, 0.30, 0.15});
    private static final ProductAction[] PRODUCT = ProductAction.values();
    /** Chance that a hub product interaction leads to an order, by action (click, add to cart, buy again). */
    private static final double[] CONVERSION = {0.06, 0.30, 0.40};
    private static final Rng.AliasTable QUANTITIES = new Rng.AliasTable(new double[] {0.78, 0.15, 0.05, 0.01, 0.007, 0.003});
    private static final int[] DISCOUNT_PERCENT = {10, 15, 20, 25, 30, 50};
    private static final Channel[] CHANNELS = Channel.values();
    private static final long SECOND = 1_000_000L;
    private static final long HOUR = 3600 * SECOND;

    private final Population population;
    private final Calendar calendar;
    private final Catalog catalog;
    private final ZoneId zone;
    private final int from;
    private final int to;
    private final int days;
    private final double serviceRatio;
    private final double productRatio;
    private final double expMinusServiceRatio;
    private final double expMinusProductRatio;
    private final double refundShare;
    private final double storeShare;
    private final double lateShare;
    private final double invalidChance;
    private final long activeKey;
    private final long dayKey;
    private final long lateKey;
    private final long emitKey;
    private final long invalidKey;

    private final Rng rng = new Rng(0);
    private final Rng lateRng = new Rng(0);
    private final byte[] channelState; // per account: bit c contact valid, bit 3 + c consent granted
    private final int[] nextVisit;     // per account: the next day it may have events
    private final double[] visitBound; // per account: the rate bound that drew nextVisit
    private final String[] ids;        // per account: its external id, once it had an event
    private final List<List<Pending>> scheduled; // by day of emission
    private Event[] today = new Event[16];
    private int todayCount;
    private int orderSeq;
    private String account;

    private final long[] byType = new long[EventType.values().length];
    private long invalidLines;
    private long lateEvents;

    ChunkGenerator(GeneratorConfig config, Population population, Calendar calendar, Catalog catalog, int from,
                   int to) {
        this.population = population;
        this.calendar = calendar;
        this.catalog = catalog;
        this.zone = config.timezone();
        this.from = from;
        this.to = to;
        this.days = config.days();
        double hub = config.rates().hubOpened();
        this.serviceRatio = hub == 0 ? 0 : config.rates().service() / hub;
        this.productRatio = hub == 0 ? 0 : config.rates().hubProduct() / hub;
        this.expMinusServiceRatio = StrictMath.exp(-serviceRatio);
        this.expMinusProductRatio = StrictMath.exp(-productRatio);
        this.refundShare = config.rates().refund();
        this.storeShare = catalog.hasStores() ? config.storeShare() : 0;
        this.lateShare = config.lateShare();
        double invalid = config.invalidShare();
        // an invalid line after a valid event with chance s / (1 - s) makes s the share of all lines
        this.invalidChance = invalid >= 0.5 ? 1.0 : invalid / (1 - invalid);
        long seed = config.seed();
        activeKey = Rng.streamKey(seed, Purpose.ACTIVE);
        dayKey = Rng.streamKey(seed, Purpose.DAY);
        lateKey = Rng.streamKey(seed, Purpose.DAY + 100);
        emitKey = Rng.streamKey(seed, Purpose.EMIT);
        invalidKey = Rng.streamKey(seed, Purpose.INVALID);
        channelState = new byte[to - from];
        nextVisit = new int[to - from];
        visitBound = new double[to - from];
        ids = new String[to - from];
        for (int a = from; a < to; a++) {
            if (population.guest(a)) {
                nextVisit[a - from] = nextCandidate(a, -1, Rng.hash(activeKey, a, -1));
            } else {
                int bits = population.initialChannels(a);
                channelState[a - from] = (byte) ((bits & 7) | ((bits >> 6 & bits >> 3 & 7) << 3));
                nextVisit[a - from] = Math.max(0, population.created(a)); // the creation day is always visited
            }
        }
        scheduled = new ArrayList<>(days);
        for (int d = 0; d < days; d++) {
            scheduled.add(null);
        }
    }

    /** Generates day {@code d} (each day once, in order) into {@code out}. */
    void day(int d, Emitter out) {
        List<Pending> due = scheduled.get(d);
        scheduled.set(d, null);
        if (due != null) {
            due.sort(BY_ACCOUNT); // stable: an account's own events keep their scheduling order
        }
        int dueSize = due == null ? 0 : due.size();
        int next = 0;
        int[] visits = nextVisit;
        int n = to - from;
        int i = 0;
        while (true) {
            // the next account with something today: a visit, or an event scheduled for today
            while (i < n && visits[i] != d) {
                i++;
            }
            int a = Math.min(from + i, next < dueSize ? due.get(next).account : to);
            if (a >= to) {
                break;
            }
            int k = 0;
            while (next < dueSize && due.get(next).account == a) {
                Pending p = due.get(next++);
                if (p.late) {
                    lateEvents++;
                }
                emit(a, d, k++, p.event, out);
            }
            todayCount = 0;
            if (visits[a - from] == d) {
                visit(a, d);
            }
            if (todayCount > 1) {
                sortToday();
            }
            for (int e = 0; e < todayCount; e++) {
                emit(a, d, k++, today[e], out);
                today[e] = null;
            }
            i = a - from + 1;
        }
    }

    /**
     * A day on which the account may have events. Whether it has any is a Bernoulli draw with
     * p = 1 - e^-total (total = the expected number of events that day); days are visited by
     * thinning: candidate days come from a Bernoulli process of a rate bound B ≥ p drawn ahead
     * (geometric gaps), and a candidate is accepted with chance p / B. Creation days are always
     * visited and draw p directly. Either way each day has events with chance p, independently,
     * at a cost proportional to the days visited rather than to accounts × days.
     */
    private void visit(int a, int d) {
        Population pop = population;
        int i = a - from;
        int created = pop.created(a);
        boolean guest = pop.guest(a);
        boolean creationDay = !guest && (created == d || (d == 0 && created < 0));
        double hub = pop.hubRate(a, d);
        double orders = pop.orderRate(a, d);
        double changes = pop.changeRate(a);
        double total = hub + orders + changes;
        long h = Rng.hash(activeKey, a, d);
        double u = creationDay ? Rng.unit(h) : Rng.unit(h) * visitBound[i];
        // x - x²/2 <= 1 - e^-x <= x: only a thin band of u needs the exponential to decide
        boolean any = u < total && (u < total - total * total / 2 || u < 1 - StrictMath.exp(-total));
        nextVisit[i] = nextCandidate(a, d, Rng.mix(h));
        if (!any && !creationDay) {
            return;
        }
        rng.reseed(Rng.hash(dayKey, a, d));
        lateRng.reseed(Rng.hash(lateKey, a, d));
        orderSeq = 0;
        account = ids[i];
        if (account == null) {
            account = pop.id(a);
            ids[i] = account;
        }
        long notBefore = Long.MIN_VALUE;
        if (creationDay) {
            long createdAt = pop.createdMicros(a);
            AccountCreated event = accountCreated(a, createdAt);
            if (created == d) {
                keep(a, d, event);
                notBefore = createdAt;
                if (rng.chance(Population.ONBOARDING)) {
                    session(a, d, calendar.later(d, createdAt, 30 * SECOND + rng.nextLong(600 * SECOND)));
                }
            } else {
                today(event); // the existing base arrives first, as one import
            }
        }
        if (!any) {
            return;
        }
        // given that at least one event happens, the total is a zero-truncated Poisson draw,
        // and each event is of a kind in proportion to the kinds' rates
        int count = zeroTruncatedPoisson(total, 1 - StrictMath.exp(-total), rng.nextDouble());
        for (int k = 0; k < count; k++) {
            double x = rng.nextDouble() * total;
            if (x < hub) {
                session(a, d, time(d, notBefore, Calendar.HUB_HOURS));
            } else if (x < hub + orders) {
                order(a, d, time(d, notBefore, Calendar.ORDER_HOURS), guest);
            } else {
                change(a, d, time(d, notBefore, Calendar.HUB_HOURS));
            }
        }
    }

    /** Draws the next candidate day after {@code day} and remembers the bound it was drawn with. */
    private int nextCandidate(int a, int day, long hash) {
        double bound = Math.min(1.0, population.rateBound(a, Math.max(0, day + 1)));
        visitBound[a - from] = bound;
        if (bound >= 1.0) {
            return day + 1;
        }
        double lnMiss = Rng.ln(1 - bound);
        if (!(lnMiss < 0)) {
            return Integer.MAX_VALUE; // a bound of 0, or below the resolution of a double
        }
        // failures before the first success of a Bernoulli(bound) process: P(gap >= k) = (1 - bound)^k
        double gap = Rng.ln(1 - Rng.unit(hash)) / lnMiss;
        return gap >= days ? Integer.MAX_VALUE : day + 1 + (int) gap;
    }

    private long time(int d, long notBefore, Rng.AliasTable hours) {
        return notBefore == Long.MIN_VALUE ? calendar.timeOfDay(d, hours, rng) : calendar.timeAfter(d, notBefore, rng);
    }

    /** Inverse transform of P(k) = e^-λ λ^k / k! / (1 - e^-λ), k ≥ 1, where pAny = 1 - e^-λ. */
    private static int zeroTruncatedPoisson(double lambda, double pAny, double v) {
        double term = lambda * (1 - pAny) / pAny;
        double cumulative = term;
        int k = 1;
        while (v >= cumulative && k < 1000 && term > 0) {
            k++;
            term *= lambda / k;
            cumulative += term;
        }
        return k;
    }

    private AccountCreated accountCreated(int a, long ts) {
        int bits = population.initialChannels(a);
        List<Channel> contacts = new ArrayList<>(3);
        Map<Channel, Boolean> consents = new EnumMap<>(Channel.class);
        for (Channel c : CHANNELS) {
            int i = c.ordinal();
            if ((bits & 1 << i) != 0) {
                contacts.add(c);
            }
            if ((bits & 1 << (3 + i)) != 0) {
                consents.put(c, (bits & 1 << (6 + i)) != 0);
            }
        }
        return new AccountCreated(account, ts, null, Set.copyOf(contacts), consents);
    }

    private void session(int a, int d, long t) {
        long opened = t;
        if (rng.chance(0.01)) {
            opened = Math.min(t + 1 + rng.nextInt(999), calendar.lastMilli(d) + 999); // a client with microseconds
        }
        keep(a, d, new HubOpened(account, opened, null));
        int services = rng.poisson(serviceRatio, expMinusServiceRatio);
        for (int i = 0; i < services; i++) {
            long ts = calendar.later(d, t, 5 * SECOND + rng.nextLong(600 * SECOND));
            keep(a, d, new ServiceInteraction(account, ts, null, SERVICE[rng.pick(SERVICE_ACTIONS)]));
        }
        int products = rng.poisson(productRatio, expMinusProductRatio);
        for (int i = 0; i < products; i++) {
            long ts = calendar.later(d, t, 5 * SECOND + rng.nextLong(900 * SECOND));
            int product = catalog.randomProduct(rng);
            ProductAction action = PRODUCT[rng.pick(PRODUCT_ACTIONS)];
            keep(a, d, new HubProductInteraction(account, ts, null, catalog.productId(product), action));
            if (rng.chance(CONVERSION[action.ordinal()])) {
                hubOrder(a, d, ts, product, action);
            }
        }
    }

    /**
     * An order that follows a hub product interaction: mostly within hours (inside a 24-hour
     * attribution window), sometimes days later (outside it).
     */
    private void hubOrder(int a, int d, long interaction, int product, ProductAction action) {
        long delay = rng.chance(0.8)
                ? Math.min(22 * HOUR, 60 * SECOND + (long) rng.exponential(2.0 * HOUR))
                : 25 * HOUR + rng.nextLong(71 * HOUR);
        long ts = interaction + delay;
        ts -= Math.floorMod(ts, 1000L);
        int day = calendar.dayOf(ts);
        if (day >= days) {
            return;
        }
        List<OrderLine> lines = new ArrayList<>(3);
        lines.add(line(product, action != ProductAction.CLICK));
        if (rng.chance(0.35)) {
            int extra = 1 + rng.nextInt(2);
            for (int i = 0; i < extra; i++) {
                lines.add(line(catalog.randomProduct(rng), false));
            }
        }
        Order order = new Order(account, ts, null, orderId('H', a, d), SalesChannel.WEB, null, rng.chance(0.97),
                lines);
        if (day == d) {
            keep(a, d, order);
        } else {
            schedule(a, day, order);
        }
        maybeRefund(a, day, order);
    }

    private void order(int a, int d, long t, boolean guest) {
        int count = 1 + rng.geometric(0.58, 5);
        List<OrderLine> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(line(catalog.randomProduct(rng), false));
        }
        boolean inStore = rng.chance(storeShare);
        String store = null;
        if (inStore) {
            store = catalog.store(rng.chance(0.85) ? population.homeStore(a) : catalog.randomStore(rng));
        }
        boolean signedIn = !guest && rng.chance(inStore ? 0.38 : 0.72);
        Order order = new Order(account, t, null, orderId('O', a, d), inStore ? SalesChannel.STORE : SalesChannel.WEB,
                store, signedIn, lines);
        keep(a, d, order);
        maybeRefund(a, d, order);
    }

    private OrderLine line(int product, boolean viaHub) {
        long quantity = 1 + rng.pick(QUANTITIES);
        long gross = catalog.price(product) * quantity;
        long discount = 0;
        if (rng.chance(0.22)) {
            discount = gross * DISCOUNT_PERCENT[rng.nextInt(DISCOUNT_PERCENT.length)] / 100;
        }
        return new OrderLine(catalog.productId(product), quantity, gross - discount, discount, viaHub);
    }

    /** With the refund share's chance, returns all lines or one line 1 to 45 days after the purchase. */
    private void maybeRefund(int a, int day, Order order) {
        if (!rng.chance(refundShare)) {
            return;
        }
        int refundDay = day + 1 + rng.geometric(0.12, 44);
        boolean whole = order.lines().size() == 1 || rng.chance(0.4);
        int pick = rng.nextInt(order.lines().size());
        long ts = calendar.timeOfDay(Math.min(refundDay, days - 1), Calendar.ORDER_HOURS, rng);
        if (refundDay >= days) {
            return; // after the window: never happens in this stream
        }
        List<OrderLine> lines = new ArrayList<>(order.lines().size());
        for (int i = 0; i < order.lines().size(); i++) {
            if (whole || i == pick) {
                OrderLine l = order.lines().get(i);
                lines.add(new OrderLine(l.product(), -l.quantity(), -l.amount(), 0, false));
            }
        }
        schedule(a, refundDay, new Order(account, ts, null, "R" + order.orderId(), order.channel(), order.store(),
                order.signedIn(), lines));
    }

    private void change(int a, int d, long t) {
        int i = a - from;
        int c = rng.nextInt(3);
        Channel channel = CHANNELS[c];
        if (rng.chance(population.consentShareOfChanges(a))) {
            boolean granted = (channelState[i] >> (3 + c) & 1) != 0;
            granted = rng.chance(0.85) != granted; // mostly a change, sometimes a confirmation
            channelState[i] = (byte) (granted ? channelState[i] | 1 << (3 + c) : channelState[i] & ~(1 << (3 + c)));
            keep(a, d, new ConsentChanged(account, t, null, channel, granted));
        } else {
            boolean valid = (channelState[i] >> c & 1) != 0;
            valid = rng.chance(0.85) != valid;
            channelState[i] = (byte) (valid ? channelState[i] | 1 << c : channelState[i] & ~(1 << c));
            keep(a, d, new ContactChanged(account, t, null, channel, valid));
        }
    }

    private String orderId(char kind, int a, int d) {
        // kind, account, day and sequence: unique by construction, in Latin-1 bytes for a compact String
        byte[] b = new byte[40];
        int pos = 0;
        b[pos++] = (byte) kind;
        pos = Population.digits(a, b, pos, 1);
        b[pos++] = '-';
        pos = Population.digits(d, b, pos, 1);
        b[pos++] = '-';
        pos = Population.digits(orderSeq++, b, pos, 1);
        return new String(b, 0, pos, StandardCharsets.ISO_8859_1);
    }

    /** Keeps a new event of day {@code d}: in today's output, or, with the late share's chance, a later day's. */
    private void keep(int a, int d, Event e) {
        if (lateShare > 0 && d < days - 1 && lateRng.chance(lateShare)) {
            int lag = 1 + lateRng.geometric(0.35, 29);
            scheduled(Math.min(days - 1, d + lag)).add(new Pending(a, e, true));
        } else {
            today(e);
        }
    }

    /** Schedules an event of a later day {@code day}, late or not as {@link #keep} decides. */
    private void schedule(int a, int day, Event e) {
        if (lateShare > 0 && day < days - 1 && lateRng.chance(lateShare)) {
            int lag = 1 + lateRng.geometric(0.35, 29);
            scheduled(Math.min(days - 1, day + lag)).add(new Pending(a, e, true));
        } else {
            scheduled(day).add(new Pending(a, e, false));
        }
    }

    private List<Pending> scheduled(int day) {
        List<Pending> list = scheduled.get(day);
        if (list == null) {
            list = new ArrayList<>();
            scheduled.set(day, list);
        }
        return list;
    }

    private void today(Event e) {
        if (todayCount == today.length) {
            today = Arrays.copyOf(today, todayCount * 2);
        }
        today[todayCount++] = e;
    }

    /** Insertion sort by time: a day of one account holds a handful of events. */
    private void sortToday() {
        Event[] t = today;
        for (int i = 1; i < todayCount; i++) {
            Event e = t[i];
            long ts = e.tsMicros();
            int j = i - 1;
            while (j >= 0 && t[j].tsMicros() > ts) {
                t[j + 1] = t[j];
                j--;
            }
            t[j + 1] = e;
        }
    }

    private void emit(int a, int d, int k, Event e, Emitter out) {
        long h = Rng.hash(emitKey, a, ((long) d << 24) + k);
        double style = Rng.unit(h);
        out.event(e, style < 0.85 ? TimestampStyle.ZONE_OFFSET
                : style < 0.95 ? TimestampStyle.UTC : TimestampStyle.EPOCH_MILLIS);
        byType[e.type().ordinal()]++;
        if (invalidChance > 0) {
            long hi = Rng.hash(invalidKey, a, ((long) d << 24) + k);
            if (Rng.unit(hi) < invalidChance) {
                out.invalidLine(InvalidLines.make(e, Rng.mix(hi), zone));
                invalidLines++;
            }
        }
    }

    long[] byType() {
        return byType;
    }

    long invalidLines() {
        return invalidLines;
    }

    long lateEvents() {
        return lateEvents;
    }

    /** An event waiting for its day of emission. */
    private record Pending(int account, Event event, boolean late) {
    }
}
