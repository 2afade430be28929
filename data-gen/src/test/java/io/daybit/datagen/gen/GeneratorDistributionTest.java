package io.daybit.datagen.gen;

import io.daybit.datagen.profile.GeneratorConfig;
import io.daybit.engine.model.AccountCreated;
import io.daybit.engine.model.ConsentChanged;
import io.daybit.engine.model.ContactChanged;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.EventType;
import io.daybit.engine.model.HubProductInteraction;
import io.daybit.engine.model.Order;
import io.daybit.engine.model.OrderLine;
import io.daybit.engine.model.ProductAction;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.model.ServiceAction;
import io.daybit.engine.model.ServiceInteraction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the shape of a year of generated events against what the configuration asks for: counts
 * against the expected values of the model's own rates (within a few standard deviations), shares
 * within tolerance, and the qualitative features (heavy tail, seasons, growth, attribution).
 */
class GeneratorDistributionTest {
    private static final GeneratorConfig CONFIG = GeneratorConfig.builder().accounts(6000).days(365)
            .end(LocalDate.of(2025, 12, 31)).seed(2024).lateShare(0.03).invalidShare(0.01).build();
    private static final long DAY_MICROS = 86_400_000_000L;

    private static Generator generator;
    private static GenerationStats stats;
    private static final List<Event> events = new ArrayList<>();
    private static final List<Integer> days = new ArrayList<>();

    @BeforeAll
    static void generate() {
        generator = new Generator(CONFIG);
        stats = generator.forEach(e -> {
            events.add(e);
            days.add(day(e));
        });
    }

    private static int day(Event e) {
        LocalDate date = Instant.ofEpochSecond(Math.floorDiv(e.tsMicros(), 1_000_000L)).atZone(CONFIG.timezone())
                .toLocalDate();
        return (int) (date.toEpochDay() - CONFIG.start().toEpochDay());
    }

    private static void assertNear(double expected, long actual, double sigmas, String what) {
        double sd = Math.sqrt(Math.max(expected, 1));
        assertTrue(Math.abs(actual - expected) <= sigmas * sd,
                what + ": expected " + expected + " ± " + sigmas * sd + ", got " + actual);
    }

    @Test
    void countsOfEachKindMatchTheExpectedRates() {
        Population pop = generator.population();
        double hub = 0;
        double orders = 0;
        double changes = 0;
        long newAccounts = 0;
        for (int a = 0; a < pop.size(); a++) {
            for (int d = 0; d < CONFIG.days(); d++) {
                hub += pop.hubRate(a, d);
                orders += pop.orderRate(a, d);
                if (pop.exists(a, d)) {
                    changes += pop.changeRate(a);
                }
            }
            if (!pop.guest(a) && pop.created(a) >= 0) {
                newAccounts++;
            }
        }
        hub += Population.ONBOARDING * newAccounts;
        long plainOrders = events.stream().filter(e -> e instanceof Order o && o.orderId().startsWith("O")).count();
        assertNear(hub, stats.count(EventType.HUB_OPENED), 4.5, "hub_opened");
        assertNear(orders, plainOrders, 4.5, "orders");
        assertNear(changes, stats.count(EventType.CONSENT) + stats.count(EventType.CONTACT), 4.5, "consent and contact");
        // sessions carry service and product interactions at the configured ratios
        double perSession = CONFIG.rates().service() / CONFIG.rates().hubOpened();
        assertNear(stats.count(EventType.HUB_OPENED) * perSession, stats.count(EventType.SERVICE), 5, "service");
        double products = CONFIG.rates().hubProduct() / CONFIG.rates().hubOpened();
        assertNear(stats.count(EventType.HUB_OPENED) * products, stats.count(EventType.HUB_PRODUCT), 5, "hub_product");
    }

    @Test
    void everyKindOfEventAndValueOccurs() {
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        Set<ServiceAction> services = EnumSet.noneOf(ServiceAction.class);
        Set<ProductAction> products = EnumSet.noneOf(ProductAction.class);
        Set<String> flags = new HashSet<>();
        for (Event e : events) {
            types.add(e.type());
            if (e instanceof ServiceInteraction s) {
                services.add(s.action());
            } else if (e instanceof HubProductInteraction h) {
                products.add(h.action());
            } else if (e instanceof ConsentChanged c) {
                flags.add("consent " + c.granted());
            } else if (e instanceof ContactChanged c) {
                flags.add("contact " + c.valid());
            } else if (e instanceof Order o) {
                flags.add(o.channel().name());
                flags.add("signed in " + o.signedIn());
                flags.add(o.total() > 0 ? "purchase" : "refund");
                for (OrderLine l : o.lines()) {
                    flags.add("via hub " + l.viaHub());
                    flags.add("discount " + (l.discount() > 0));
                }
            }
        }
        assertEquals(EnumSet.allOf(EventType.class), types);
        assertEquals(EnumSet.allOf(ServiceAction.class), services);
        assertEquals(EnumSet.allOf(ProductAction.class), products);
        assertEquals(Set.of("consent true", "consent false", "contact true", "contact false", "WEB", "STORE",
                "signed in true", "signed in false", "purchase", "refund", "via hub true", "via hub false",
                "discount true", "discount false"), flags);
    }

    @Test
    void eventsStayInsideTheWindow() {
        for (int i = 0; i < events.size(); i++) {
            int d = days.get(i);
            int earliest = events.get(i) instanceof AccountCreated ? -Calendar.PRE_DAYS : 0;
            assertTrue(d >= earliest && d < CONFIG.days(), events.get(i) + " is on window day " + d);
        }
    }

    @Test
    void orderIdsAreUniqueAndAccountsCreatedOnce() {
        Set<String> ids = new HashSet<>();
        Set<String> created = new HashSet<>();
        for (Event e : events) {
            if (e instanceof Order o) {
                assertTrue(ids.add(o.orderId()), "duplicate " + o.orderId());
            } else if (e instanceof AccountCreated) {
                assertTrue(created.add(e.account()), "created twice " + e.account());
            }
        }
    }

    @Test
    void storeShareAndStoresFollowTheConfig() {
        long plain = 0;
        long inStore = 0;
        Map<String, Integer> byStore = new HashMap<>();
        for (Event e : events) {
            if (e instanceof Order o && o.orderId().startsWith("O")) {
                plain++;
                if (o.channel() == SalesChannel.STORE) {
                    inStore++;
                    assertNotNull(o.store());
                    byStore.merge(o.store(), 1, Integer::sum);
                } else {
                    assertEquals(null, o.store());
                }
            }
        }
        double share = inStore / (double) plain;
        double sd = Math.sqrt(CONFIG.storeShare() * (1 - CONFIG.storeShare()) / plain);
        assertTrue(Math.abs(share - CONFIG.storeShare()) < 4 * sd, "store share " + share);
        assertEquals(Set.copyOf(CONFIG.stores()), byStore.keySet());
        String first = CONFIG.stores().get(0);
        assertTrue(byStore.values().stream().allMatch(n -> n <= byStore.get(first)), "the first store is the busiest: " + byStore);
    }

    @Test
    void refundsReturnLinesOfAnEarlierPurchaseOfTheSameAccount() {
        Map<String, Order> purchases = new HashMap<>();
        List<Order> refunds = new ArrayList<>();
        for (Event e : events) {
            if (e instanceof Order o) {
                if (o.isPurchase()) {
                    purchases.put(o.orderId(), o);
                } else {
                    refunds.add(o);
                }
            }
        }
        for (Order r : refunds) {
            Order original = purchases.get(r.orderId().substring(1));
            assertNotNull(original, "refund " + r.orderId() + " of no purchase");
            assertEquals(original.account(), r.account());
            assertTrue(r.tsMicros() > original.tsMicros() && r.total() < 0 && -r.total() <= original.total());
            for (OrderLine l : r.lines()) {
                assertTrue(original.lines().stream().anyMatch(p -> p.product().equals(l.product())
                        && p.quantity() == -l.quantity() && p.amount() == -l.amount()), r.orderId());
            }
        }
        double share = refunds.size() / (double) purchases.size();
        double r = CONFIG.rates().refund();
        // refunds due after the window's end are dropped: a little under the configured share
        assertTrue(share > 0.8 * r && share < 1.1 * r, "refund share " + share);
    }

    @Test
    void hubOrdersFollowAProductInteractionMostlyInsideTheWindow() {
        Map<String, List<Long>> touches = new HashMap<>();
        for (Event e : events) {
            if (e instanceof HubProductInteraction h) {
                touches.computeIfAbsent(h.account() + "|" + h.product(), k -> new ArrayList<>()).add(h.tsMicros());
            }
        }
        int inside = 0;
        int outside = 0;
        for (Event e : events) {
            if (e instanceof Order o && o.orderId().startsWith("H")) {
                List<Long> ts = touches.get(o.account() + "|" + o.lines().get(0).product());
                assertNotNull(ts, o.orderId() + " follows no hub interaction");
                long latest = ts.stream().filter(t -> t <= o.tsMicros()).max(Long::compare).orElseThrow();
                if (o.tsMicros() - latest <= DAY_MICROS) {
                    inside++;
                } else {
                    outside++;
                }
            }
        }
        double share = inside / (double) (inside + outside);
        assertTrue(share > 0.75 && share < 0.9, "share of hub orders within 24 hours: " + share);
        assertTrue(outside > 30, "hub orders outside the window: " + outside);
    }

    @Test
    void aFewAccountsDoMostOfTheActivity() {
        Map<String, Integer> opens = new HashMap<>();
        for (Event e : events) {
            if (e.type() == EventType.HUB_OPENED) {
                opens.merge(e.account(), 1, Integer::sum);
            }
        }
        int[] counts = opens.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        long top = 0;
        for (int i = counts.length - 1; i >= counts.length - counts.length / 10; i--) {
            top += counts[i];
        }
        assertTrue(top > 0.4 * total, "top 10% of hub users hold " + top / (double) total);
        double mean = total / (double) counts.length;
        assertTrue(counts[counts.length / 2] < mean / 2, "median " + counts[counts.length / 2] + ", mean " + mean);
        assertTrue(counts[counts.length - 1] > 20 * mean, "most active " + counts[counts.length - 1] + ", mean " + mean);
    }

    @Test
    void weeklyAndYearlySeasonsShow() {
        Map<DayOfWeek, Integer> ordersByWeekday = new TreeMap<>();
        Map<DayOfWeek, Integer> hubByWeekday = new TreeMap<>();
        int blackWeek = 0;
        int october = 0;
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            LocalDate date = CONFIG.start().plusDays(days.get(i));
            if (e instanceof Order o && o.orderId().startsWith("O")) {
                ordersByWeekday.merge(date.getDayOfWeek(), 1, Integer::sum);
                if (date.getMonthValue() == 10) {
                    october++;
                } else if (!date.isBefore(LocalDate.of(2025, 11, 28)) && date.getMonthValue() == 11) {
                    blackWeek++;
                }
            } else if (e.type() == EventType.HUB_OPENED) {
                hubByWeekday.merge(date.getDayOfWeek(), 1, Integer::sum);
            }
        }
        double weekend = ordersByWeekday.get(DayOfWeek.FRIDAY) + ordersByWeekday.get(DayOfWeek.SATURDAY);
        double early = ordersByWeekday.get(DayOfWeek.MONDAY) + ordersByWeekday.get(DayOfWeek.TUESDAY);
        assertTrue(weekend / early > 1.1, "orders Fri+Sat / Mon+Tue = " + weekend / early);
        double saturday = hubByWeekday.get(DayOfWeek.SATURDAY) / (double) hubByWeekday.get(DayOfWeek.TUESDAY);
        assertTrue(saturday > 1.04, "hub Saturday / Tuesday = " + saturday);
        double peak = (blackWeek / 3.0) / (october / 31.0);
        assertTrue(peak > 1.5, "Black Friday days / October days = " + peak);
    }

    @Test
    void moreAccountsSignUpAsTimeGoesOn() {
        int quarter = CONFIG.days() / 4;
        int first = 0;
        int last = 0;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof AccountCreated) {
                int d = days.get(i);
                if (d >= 0 && d < quarter) {
                    first++;
                } else if (d >= CONFIG.days() - quarter) {
                    last++;
                }
            }
        }
        assertTrue(last > 1.6 * first, "sign-ups in the first quarter " + first + ", last quarter " + last);
    }

    @Test
    void guestsBuyWithoutEverCreatingAnAccount() {
        Set<String> created = new HashSet<>();
        Set<String> all = new HashSet<>();
        for (Event e : events) {
            all.add(e.account());
            if (e instanceof AccountCreated) {
                created.add(e.account());
            }
        }
        Set<String> guests = new HashSet<>(all);
        guests.removeAll(created);
        for (Event e : events) {
            if (guests.contains(e.account())) {
                assertTrue(e instanceof Order || e instanceof ConsentChanged, "a guest's " + e);
            }
        }
        double share = guests.size() / (double) CONFIG.accounts();
        assertTrue(share > 0.5 * CONFIG.guestShare() && share < 1.3 * CONFIG.guestShare(), "guest share " + share);
    }

    @Test
    void lateEventsArriveAfterLaterDaysAtTheConfiguredShare() {
        double share = stats.lateEvents() / (double) stats.events();
        assertTrue(Math.abs(share - CONFIG.lateShare()) < 0.15 * CONFIG.lateShare(), "late share " + share);
        // seen from the stream: an event older than the newest day already seen arrived late
        int newest = Integer.MIN_VALUE;
        long behind = 0;
        for (int i = 0; i < events.size(); i++) {
            int d = days.get(i);
            if (d >= 0 && d < newest) {
                behind++;
            }
            newest = Math.max(newest, d);
        }
        assertTrue(behind <= stats.lateEvents() && behind > 0.9 * stats.lateEvents(),
                behind + " events behind the stream, " + stats.lateEvents() + " late");
    }

    @Test
    void invalidLinesAndTimestampStylesHaveTheirShares() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GenerationStats written = generator.writeNdjson(out, 2, ProgressListener.NONE);
        assertEquals(stats.events(), written.events());
        double invalid = written.invalidLines() / (double) written.lines();
        assertTrue(Math.abs(invalid - CONFIG.invalidShare()) < 0.1 * CONFIG.invalidShare(), "invalid share " + invalid);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        long millis = 0;
        long utc = 0;
        for (String line : lines) {
            if (line.matches(".*\"ts\":-?\\d.*")) {
                millis++;
            } else if (line.matches(".*\"ts\":\"[^\"]*Z\".*")) {
                utc++;
            }
        }
        assertFalse(CONFIG.timezone().getRules().getOffset(Instant.now()).getTotalSeconds() == 0);
        assertTrue(Math.abs(millis / (double) lines.length - 0.05) < 0.01, "epoch millis share " + millis);
        assertTrue(Math.abs(utc / (double) lines.length - 0.10) < 0.015, "UTC share " + utc);
    }
}
