package io.daybit.engine.query;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.model.AccountCreated;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.ConsentChanged;
import io.daybit.engine.model.ContactChanged;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.Order;
import io.daybit.engine.model.OrderLine;
import io.daybit.engine.model.SalesChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Purchase activity and users overview (METRICS.md §4) on small hand-made cases. */
class PurchaseQueriesTest {
    private static final LocalDate DAY = LocalDate.of(2024, 6, 10);
    private Engine engine;
    private Dataset shop;
    private int orderIds;

    @BeforeEach
    void start() {
        engine = Engine.inMemory();
        shop = engine.createDataset("shop", DatasetSettings.defaults());
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private static long at(LocalDate day, int hour) {
        return day.atTime(hour, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
    }

    private Order order(String account, LocalDate day, long amount, SalesChannel channel, String store) {
        return new Order(account, at(day, 12), null, "o" + orderIds++, channel, store, false,
                List.of(new OrderLine("p", amount > 0 ? 2 : -2, amount, amount > 0 ? 5 : 0, false)));
    }

    private static AccountCreated created(String account, LocalDate day, boolean emailConsent) {
        return new AccountCreated(account, at(day, 8), null, Set.of(Channel.EMAIL),
                Map.of(Channel.EMAIL, emailConsent));
    }

    private PurchaseActivity on(DayRange range, PurchaseFilter filter) {
        return shop.purchases(TimeSpec.of(range).compare(Comparison.none()).today(range.to()), filter);
    }

    private static PurchaseFilter consent(PurchaseFilter.Consent c, Channel channel) {
        return new PurchaseFilter(c, channel, null, null, null);
    }

    @Test
    void refundsAreNettedInRevenueButAreNoPurchases() {
        shop.ingest(List.of(order("a", DAY, 10_000, SalesChannel.WEB, null),
                order("a", DAY.plusDays(1), -4_000, SalesChannel.WEB, null)));
        PurchaseActivity p = on(new DayRange(DAY, DAY.plusDays(1)), PurchaseFilter.none());
        assertEquals(1L, p.purchases().value());
        assertEquals(1L, p.buyers().value());
        assertEquals(6_000L, p.revenue().value());
        assertEquals(10_000L, p.purchaseRevenue().value());
        assertEquals(10_000.0, p.aov().value());
        assertEquals(2.0, p.itemsPerPurchase().value());
        assertEquals(5L, p.discount().value());
        assertNull(p.revenue().previous());
    }

    @Test
    void aWithdrawalAtTheSameInstantAsAGrantWinsInEitherArrivalOrder() {
        for (boolean grantFirst : new boolean[] {true, false}) {
            String a = "acc-" + grantFirst;
            long ts = at(DAY, 9);
            List<Event> events = new ArrayList<>(List.of(
                    new ConsentChanged(a, ts, null, Channel.EMAIL, true),
                    new ConsentChanged(a, ts, null, Channel.EMAIL, false)));
            if (!grantFirst) {
                Collections.reverse(events);
            }
            events.add(0, created(a, DAY.minusDays(3), true));
            events.add(order(a, DAY, 700, SalesChannel.WEB, null));
            shop.ingest(events);
        }
        PurchaseActivity with = on(DayRange.of(DAY), consent(PurchaseFilter.Consent.WITH, Channel.EMAIL));
        PurchaseActivity without = on(DayRange.of(DAY), consent(PurchaseFilter.Consent.WITHOUT, Channel.EMAIL));
        assertEquals(0L, with.purchases().value());
        assertEquals(2L, without.purchases().value());
        assertEquals(2L, without.buyers().value());
        assertEquals(0L, shop.usersOverview(DAY).consented());
    }

    @Test
    void consentNeedsValidContactDataOnTheSameChannel() {
        shop.ingest(List.of(created("a", DAY.minusDays(1), true), order("a", DAY, 100, SalesChannel.WEB, null),
                new ContactChanged("a", at(DAY, 10), null, Channel.EMAIL, false)));
        assertEquals(0L, on(DayRange.of(DAY), consent(PurchaseFilter.Consent.WITH, null)).purchases().value());
        shop.ingest(List.of(new ContactChanged("a", at(DAY, 11), null, Channel.EMAIL, true)));
        assertEquals(1L, on(DayRange.of(DAY), consent(PurchaseFilter.Consent.WITH, null)).purchases().value());
        assertEquals(1L, shop.usersOverview(DAY).consentedByChannel().get(Channel.EMAIL));
        assertEquals(0L, shop.usersOverview(DAY).consentedByChannel().get(Channel.SMS));
    }

    @Test
    void guestsAreWithoutConsentWhateverTheirConsentEventsAndNeverRecent() {
        shop.ingest(List.of(new ContactChanged("guest", at(DAY, 1), null, Channel.SMS, true),
                new ConsentChanged("guest", at(DAY, 2), null, Channel.SMS, true),
                order("guest", DAY, 900, SalesChannel.WEB, null)));
        DayRange r = DayRange.of(DAY);
        assertEquals(0L, on(r, consent(PurchaseFilter.Consent.WITH, null)).purchases().value());
        assertEquals(1L, on(r, consent(PurchaseFilter.Consent.WITHOUT, Channel.SMS)).buyers().value());
        assertEquals(0L, on(r, new PurchaseFilter(null, null, PurchaseFilter.Recency.NEW_12M, null, null))
                .purchases().value());
        assertEquals(0L, shop.usersOverview(DAY).users());
    }

    @Test
    void aLateEarlierAccountCreationMovesOrdersOutOfTheNew30DaysWindow() {
        PurchaseFilter new30 = new PurchaseFilter(null, null, PurchaseFilter.Recency.NEW_30D, null, null);
        shop.ingest(List.of(created("a", DAY.minusDays(5), false), order("a", DAY, 1_000, SalesChannel.WEB, null)));
        assertEquals(1_000L, on(DayRange.of(DAY), new30).revenue().value());
        shop.ingest(List.of(created("a", DAY.minusDays(30), false)));
        assertEquals(0L, on(DayRange.of(DAY), new30).revenue().value());
        assertEquals(1_000L, on(DayRange.of(DAY), PurchaseFilter.none()).revenue().value());
        assertEquals(1_000L, on(DayRange.of(DAY), new PurchaseFilter(null, null, PurchaseFilter.Recency.NEW_12M,
                null, null)).revenue().value());
    }

    @Test
    void recencyIsRelativeToTheEndOfEachPeriod() {
        // created on DAY; an order on DAY and one 40 days later; range = the later day, compared with DAY
        shop.ingest(List.of(created("a", DAY, false), order("a", DAY, 300, SalesChannel.WEB, null),
                order("a", DAY.plusDays(40), 500, SalesChannel.WEB, null)));
        PurchaseFilter new30 = new PurchaseFilter(null, null, PurchaseFilter.Recency.NEW_30D, null, null);
        PurchaseActivity p = shop.purchases(TimeSpec.of(DayRange.of(DAY.plusDays(40)))
                .compare(Comparison.custom(DayRange.of(DAY))).today(DAY.plusDays(40)), new30);
        assertEquals(0L, p.revenue().value());
        assertEquals(300L, p.revenue().previous());
        assertEquals(Direction.DOWN, p.revenue().direction());
    }

    @Test
    void aStoreFilterWithoutChannelCountsABuyerOnceAcrossChannels() {
        shop.ingest(List.of(order("a", DAY, 100, SalesChannel.WEB, "Lund"),
                order("a", DAY, 200, SalesChannel.STORE, "Lund"),
                order("b", DAY, 400, SalesChannel.STORE, "Malmö")));
        DayRange r = DayRange.of(DAY);
        PurchaseActivity lund = on(r, new PurchaseFilter(null, null, null, null, "Lund"));
        assertEquals(2L, lund.purchases().value());
        assertEquals(1L, lund.buyers().value());
        assertEquals(300L, lund.revenue().value());
        PurchaseActivity lundStore = on(r, new PurchaseFilter(null, null, null, SalesChannel.STORE, "Lund"));
        assertEquals(200L, lundStore.revenue().value());
        PurchaseActivity storeChannel = on(r, new PurchaseFilter(null, null, null, SalesChannel.STORE, null));
        assertEquals(600L, storeChannel.revenue().value());
        assertEquals(2L, storeChannel.buyers().value());
        PurchaseActivity nowhere = on(r, new PurchaseFilter(null, null, null, null, "Nowhere"));
        assertEquals(0L, nowhere.purchases().value());
        assertNull(nowhere.aov().value());
        assertEquals(List.of("Lund", "Malmö"), shop.stores());
    }

    @Test
    void usersAreAccountsCreatedOnOrBeforeToday() {
        shop.ingest(List.of(created("a", DAY.minusDays(2), true), created("b", DAY.plusDays(2), true),
                created("c", DAY, false)));
        UsersOverview u = shop.usersOverview(DAY);
        assertEquals(2L, u.users());
        assertEquals(1L, u.consented());
        assertEquals(1L, u.consentedByChannel().get(Channel.EMAIL));
        assertEquals(3L, shop.usersOverview(DAY.plusDays(2)).users());
        assertEquals(2L, shop.usersOverview(DAY.plusDays(2)).consented());
    }
}
