package io.daybit.engine.testdata;

import io.daybit.engine.model.AccountCreated;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.ConsentChanged;
import io.daybit.engine.model.ContactChanged;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.HubOpened;
import io.daybit.engine.model.HubProductInteraction;
import io.daybit.engine.model.Order;
import io.daybit.engine.model.OrderLine;
import io.daybit.engine.model.ProductAction;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.model.ServiceAction;
import io.daybit.engine.model.ServiceInteraction;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A seeded generator of nasty random event lists: timezones with DST and half-hour offsets,
 * events at local and UTC midnight and around DST transitions, Feb 29, refunds and zero-total
 * orders, guests, accounts created twice, consent and contact flips with equal timestamps,
 * {@code hub_product} events exactly at the attribution window's edge and 1 µs or 1 ms past it,
 * {@code via_hub} lines, duplicate order ids, huge amounts, microsecond timestamps and non-ASCII
 * ids. The same seed and config always give the same list.
 */
public final class RandomEvents {
    /** Zones with DST (north and south), half- and quarter-hour offsets, and extreme offsets. */
    public static final List<ZoneId> ZONES = List.of(
            ZoneId.of("UTC"),
            ZoneId.of("America/New_York"),
            ZoneId.of("Europe/Stockholm"),
            ZoneId.of("Australia/Lord_Howe"),
            ZoneId.of("Asia/Kolkata"),
            ZoneId.of("Asia/Kathmandu"),
            ZoneId.of("America/St_Johns"),
            ZoneId.of("Pacific/Chatham"),
            ZoneId.of("Pacific/Kiritimati"),
            ZoneId.of("Pacific/Pago_Pago"),
            ZoneId.of("America/Santiago"));

    /** Days worth centring a span on: Feb 29, DST changes north and south, a year's end. */
    public static final List<LocalDate> ANCHORS = List.of(
            LocalDate.of(2024, 2, 29), LocalDate.of(2024, 3, 10), LocalDate.of(2024, 3, 31),
            LocalDate.of(2024, 4, 7), LocalDate.of(2024, 9, 29), LocalDate.of(2024, 10, 27),
            LocalDate.of(2024, 11, 3), LocalDate.of(2024, 12, 31), LocalDate.of(2028, 2, 29),
            LocalDate.of(2025, 3, 1));

    /** Attribution windows worth testing, hours. */
    public static final int[] WINDOWS = {0, 1, 24, 48, 168, 8760};

    private static final String[] PRODUCTS = {"P1", "P2", "P3", "kaffe ☕", "P-ü"};
    private static final String[] STORES = {"Main St", "Göteborg Väst", "東京", "store-1"};

    /**
     * What to generate.
     *
     * @param zone        the dataset's timezone (days are computed in it)
     * @param windowHours the dataset's attribution window
     * @param firstDay    the first day of the span events fall on
     * @param days        the span's length, ≥ 1
     * @param accounts    how many distinct account ids to draw from
     * @param events      about how many events to generate
     */
    public record Config(ZoneId zone, int windowHours, LocalDate firstDay, int days, int accounts, int events) {
        /** The last day of the span. */
        public LocalDate lastDay() {
            return firstDay.plusDays(days - 1L);
        }
    }

    private final Random rnd;
    private final Config config;
    private final List<String> accountIds = new ArrayList<>();
    private final List<Long> transitions = new ArrayList<>();
    private final List<HubProductInteraction> hubProducts = new ArrayList<>();
    private final List<String> orderIds = new ArrayList<>();
    private final List<Event> out = new ArrayList<>();

    private RandomEvents(Random rnd, Config config) {
        this.rnd = rnd;
        this.config = config;
    }

    /** A random config: zone, window, a span of 1–120 days around an anchor, small account pools. */
    public static Config randomConfig(Random rnd) {
        ZoneId zone = ZONES.get(rnd.nextInt(ZONES.size()));
        int window = WINDOWS[rnd.nextInt(WINDOWS.length)];
        int span = rnd.nextInt(10);
        int days = span < 4 ? 1 + rnd.nextInt(20) : span < 8 ? 1 + rnd.nextInt(120) : 300 + rnd.nextInt(500);
        LocalDate anchor = ANCHORS.get(rnd.nextInt(ANCHORS.size()));
        LocalDate first = anchor.minusDays(rnd.nextInt(days));
        int accounts = 2 + rnd.nextInt(30);
        int events = 20 + rnd.nextInt(400);
        return new Config(zone, window, first, days, accounts, events);
    }

    /** Generates the events of a config with the given seed. */
    public static List<Event> generate(long seed, Config config) {
        return generate(new Random(seed), config);
    }

    /** Generates the events of a config drawing from {@code rnd}. */
    public static List<Event> generate(Random rnd, Config config) {
        RandomEvents g = new RandomEvents(rnd, config);
        g.run();
        return List.copyOf(g.out);
    }

    /** The list in a random order. */
    public static <T> List<T> shuffled(List<T> list, Random rnd) {
        List<T> copy = new ArrayList<>(list);
        Collections.shuffle(copy, rnd);
        return copy;
    }

    /** Splits the list, in order, into random batches (one whole batch, singletons, or anything between). */
    public static <T> List<List<T>> batches(List<T> list, Random rnd) {
        List<List<T>> out = new ArrayList<>();
        // singletons cost a hand-off to the writer thread each: only for short lists
        int mode = list.size() <= 60 ? rnd.nextInt(4) : 2 + rnd.nextInt(2);
        int i = 0;
        while (i < list.size()) {
            int size;
            if (mode == 0) {
                size = list.size();
            } else if (mode == 1) {
                size = 1;
            } else {
                size = 1 + rnd.nextInt(mode == 2 ? 10 : Math.max(1, list.size() / 2));
            }
            int end = Math.min(list.size(), i + size);
            out.add(new ArrayList<>(list.subList(i, end)));
            i = end;
        }
        return out;
    }

    // ---------------------------------------------------------------- generation

    private void run() {
        makeAccountIds();
        findTransitions();
        int n = config.events();
        // creations first (as a pool), then a mix; arrival order is shuffled by the tests anyway
        for (String a : accountIds) {
            int roll = rnd.nextInt(10);
            if (roll < 2) {
                continue; // a guest, never created
            }
            long ts = instant();
            created(a, ts);
            if (roll == 9) {
                created(a, rnd.nextBoolean() ? instant() : ts + (rnd.nextBoolean() ? 1 : -1));
            }
        }
        while (out.size() < n) {
            int roll = rnd.nextInt(100);
            if (roll < 8) {
                consentOrContact();
            } else if (roll < 12) {
                equalTsFlip();
            } else if (roll < 35) {
                out.add(new HubOpened(account(), instant(), traceId()));
            } else if (roll < 50) {
                ServiceAction[] actions = ServiceAction.values();
                out.add(new ServiceInteraction(account(), instant(), traceId(), actions[rnd.nextInt(actions.length)]));
            } else if (roll < 62) {
                hubProduct(account(), instant());
            } else if (roll < 72) {
                attributionEdgeOrder();
            } else if (roll < 75) {
                duplicateOrder();
            } else {
                order(account(), instant(), null);
            }
        }
    }

    private void makeAccountIds() {
        String[] special = {"é", "e\u0301", "日本-1", "😀", "\uFF5Eid", "Ünïcødé", "a b", "ZZ", "a",
                "x".repeat(127) + "😀", "𝔘𝔫𝔦", "O'Brien \"q\""};
        for (int i = 0; i < config.accounts(); i++) {
            if (rnd.nextInt(3) == 0) {
                String s = special[rnd.nextInt(special.length)];
                if (accountIds.contains(s)) {
                    s = s + i;
                }
                if (s.codePointCount(0, s.length()) > 128) {
                    s = "c" + i;
                }
                accountIds.add(s);
            } else {
                accountIds.add(String.format("c%03d", i));
            }
        }
    }

    private void findTransitions() {
        Instant from = config.firstDay().minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = config.lastDay().plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
        ZoneOffsetTransition t = config.zone().getRules().nextTransition(from);
        while (t != null && t.getInstant().isBefore(to)) {
            transitions.add(t.getInstant().getEpochSecond() * 1_000_000L);
            t = config.zone().getRules().nextTransition(t.getInstant());
        }
    }

    private String account() {
        return accountIds.get(rnd.nextInt(accountIds.size()));
    }

    private String traceId() {
        return rnd.nextInt(4) == 0 ? "e-" + rnd.nextInt(1_000_000) : null;
    }

    /** A random day of the span. */
    private LocalDate day() {
        return config.firstDay().plusDays(rnd.nextInt(config.days()));
    }

    private long startOfDay(LocalDate d) {
        return d.atStartOfDay(config.zone()).toInstant().getEpochSecond() * 1_000_000L;
    }

    /** An instant on a day of the span, often at a nasty moment. */
    private long instant() {
        LocalDate d = day();
        long start = startOfDay(d);
        long end = startOfDay(d.plusDays(1));
        int mode = rnd.nextInt(20);
        long ts;
        if (mode == 0) {
            ts = start; // exactly local midnight
        } else if (mode == 1) {
            ts = end - 1; // the last microsecond of the local day
        } else if (mode == 2) {
            ts = d.atStartOfDay(ZoneOffset.UTC).toInstant().getEpochSecond() * 1_000_000L; // UTC midnight
        } else if (mode == 3) {
            ts = d.atStartOfDay(ZoneOffset.UTC).toInstant().getEpochSecond() * 1_000_000L - 1;
        } else if (mode == 4 && !transitions.isEmpty()) {
            long t = transitions.get(rnd.nextInt(transitions.size()));
            long[] deltas = {0, 1, -1, 1000, -1000, 3_600_000_000L, -3_600_000_000L, 1_800_000_000L};
            ts = t + deltas[rnd.nextInt(deltas.length)];
        } else {
            ts = start + (long) (rnd.nextDouble() * (end - start));
            if (rnd.nextBoolean()) {
                ts = Math.floorDiv(ts, 1000L) * 1000L; // whole milliseconds, as most clients send
            }
        }
        return ts;
    }

    private void created(String account, long ts) {
        Set<Channel> contacts = randomChannels();
        Map<Channel, Boolean> consents = new EnumMap<>(Channel.class);
        for (Channel ch : Channel.values()) {
            int roll = rnd.nextInt(3);
            if (roll < 2) {
                consents.put(ch, roll == 0);
            }
        }
        out.add(new AccountCreated(account, ts, traceId(), contacts, consents));
    }

    private Set<Channel> randomChannels() {
        List<Channel> all = new ArrayList<>();
        for (Channel ch : Channel.values()) {
            if (rnd.nextInt(3) != 0) {
                all.add(ch);
            }
        }
        return Set.copyOf(all);
    }

    private Channel channel() {
        return Channel.values()[rnd.nextInt(3)];
    }

    /** A single consent or contact change, sometimes at exactly the instant of an existing event. */
    private void consentOrContact() {
        String a = account();
        long ts = instant();
        if (rnd.nextInt(3) == 0) {
            for (Event e : out) {
                if (e.account().equals(a) && e instanceof AccountCreated) {
                    ts = e.tsMicros();
                    break;
                }
            }
        }
        if (rnd.nextBoolean()) {
            out.add(new ConsentChanged(a, ts, traceId(), channel(), rnd.nextBoolean()));
        } else {
            out.add(new ContactChanged(a, ts, traceId(), channel(), rnd.nextBoolean()));
        }
    }

    /** Two opposite values at the same instant: false must win whatever the arrival order. */
    private void equalTsFlip() {
        String a = account();
        long ts = instant();
        Channel ch = channel();
        if (rnd.nextBoolean()) {
            out.add(new ConsentChanged(a, ts, traceId(), ch, true));
            out.add(new ConsentChanged(a, ts, traceId(), ch, false));
        } else {
            out.add(new ContactChanged(a, ts, traceId(), ch, false));
            out.add(new ContactChanged(a, ts, traceId(), ch, true));
        }
    }

    private HubProductInteraction hubProduct(String account, long ts) {
        ProductAction[] actions = ProductAction.values();
        HubProductInteraction h = new HubProductInteraction(account, ts, traceId(),
                PRODUCTS[rnd.nextInt(PRODUCTS.length)], actions[rnd.nextInt(actions.length)]);
        out.add(h);
        hubProducts.add(h);
        return h;
    }

    /**
     * An order of a product the account touched in the hub, placed at the window's edge: at the
     * interaction, at exactly t + window, 1 µs or 1 ms past it, or just before t.
     */
    private void attributionEdgeOrder() {
        HubProductInteraction h = hubProducts.isEmpty() || rnd.nextInt(4) == 0
                ? hubProduct(account(), instant()) : hubProducts.get(rnd.nextInt(hubProducts.size()));
        long window = config.windowHours() * 3_600_000_000L;
        long[] offsets = {0, window, window + 1, window + 1000, window - 1, -1, window / 2};
        long ts = h.tsMicros() + offsets[rnd.nextInt(offsets.length)];
        order(h.account(), ts, h.product());
    }

    /** A second order under an id already used, with other content. */
    private void duplicateOrder() {
        if (orderIds.isEmpty()) {
            order(account(), instant(), null);
            return;
        }
        String id = orderIds.get(rnd.nextInt(orderIds.size()));
        out.add(new Order(account(), instant(), traceId(), id, SalesChannel.WEB, null, rnd.nextBoolean(),
                List.of(new OrderLine(PRODUCTS[0], 1, 1 + rnd.nextInt(100_000), 0, rnd.nextBoolean()))));
    }

    private long amount() {
        int roll = rnd.nextInt(20);
        if (roll == 0) {
            return 1_000_000_000_000L + rnd.nextInt(1_000_000); // huge, yet far from overflowing sums
        }
        if (roll == 1) {
            return 1;
        }
        return 100 + rnd.nextInt(50_000);
    }

    /** An order, a refund or a zero-total order; {@code product} (if any) is on its first line. */
    private void order(String account, long ts, String product) {
        int kind = rnd.nextInt(10);
        List<OrderLine> lines = new ArrayList<>();
        int count = 1 + rnd.nextInt(3);
        for (int i = 0; i < count; i++) {
            String p = i == 0 && product != null ? product : PRODUCTS[rnd.nextInt(PRODUCTS.length)];
            long amount = amount();
            long quantity = 1 + rnd.nextInt(4);
            if (kind == 0) { // a refund
                amount = -amount;
                quantity = -quantity;
            }
            long discount = rnd.nextInt(3) == 0 ? rnd.nextInt(1000) : 0;
            lines.add(new OrderLine(p, quantity, amount, discount, rnd.nextInt(6) == 0));
        }
        if (kind == 1) { // zero total: a line cancelled by a negative one
            OrderLine first = lines.get(0);
            long rest = 0;
            for (OrderLine l : lines) {
                rest += l.amount();
            }
            lines.add(new OrderLine(first.product(), -1, -rest, 0, false));
        } else if (kind == 2) { // a purchase with a negative line that still totals > 0
            lines.add(new OrderLine(PRODUCTS[rnd.nextInt(PRODUCTS.length)], -1, -1, 0, rnd.nextBoolean()));
        } else if (kind == 3 && lines.size() > 0) { // usually a refund that has positive lines (never attributed)
            lines.add(new OrderLine(lines.get(0).product(), -10, -lines.get(0).amount() * 3 - 7, 0, true));
        }
        boolean store = rnd.nextInt(3) == 0;
        String storeName = store || rnd.nextInt(10) == 0 ? STORES[rnd.nextInt(STORES.length)] : null;
        String id = "O-" + orderIds.size() + (rnd.nextInt(8) == 0 ? "-ñ" : "");
        orderIds.add(id);
        out.add(new Order(account, ts, traceId(), id, store ? SalesChannel.STORE : SalesChannel.WEB, storeName,
                rnd.nextBoolean(), lines));
    }
}
