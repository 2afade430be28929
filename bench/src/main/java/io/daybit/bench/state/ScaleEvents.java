package io.daybit.bench.state;

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

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A seeded, customer-shaped event stream of a {@link Profile}: 55% of the accounts created during
 * the year before the window, the rest signing up inside it (more as time goes on), one in ten a
 * guest who never creates an account; per account and day about 0.05 hub sessions, in which
 * service interactions and product interactions happen (a quarter of the latter lead to an order
 * within 36 hours, so some fall outside the 24-hour attribution window), 0.004 other orders, 6% of
 * purchases refunded 1–45 days later, and a trickle of consent and contact changes. Activity is
 * skewed towards a minority of accounts and towards recent sign-ups, with a weekly and a yearly
 * rhythm.
 *
 * <p>Until data-gen's generator is merged this is the benchmarks' data; it gives the engine and
 * DuckDB the same events either way.
 */
final class ScaleEvents implements EventSource {
    static final String[] STORES = {"Stockholm City", "Göteborg Nordstan", "Malmö Triangeln", "Uppsala Forum",
            "Oslo Karl Johan", "København Strøget"};
    private static final int PRODUCTS = 2_000;
    private static final long DAY_MICROS = 86_400_000_000L;
    private static final long HOUR_MICROS = 3_600_000_000L;
    private static final double[] WEEKDAY = {0.95, 0.95, 1.0, 1.0, 1.05, 1.1, 1.05};
    private static final ServiceAction[] ACTIONS = ServiceAction.values();
    private static final ProductAction[] PRODUCT_ACTIONS = ProductAction.values();
    private static final Channel[] CHANNELS = Channel.values();

    private final Profile profile;

    ScaleEvents(Profile profile) {
        this.profile = profile;
    }

    @Override
    public long batches(int size, Consumer<List<Event>> sink) {
        return new Run(size, sink).run();
    }

    /** One pass over the stream: the generator's mutable state. */
    private final class Run {
        private final int size;
        private final Consumer<List<Event>> sink;
        private final SplittableRandom random = new SplittableRandom(profile.seed());
        private final int accounts = profile.accounts();
        private final String[] ids = new String[accounts];
        private final int[] scheduled = new int[accounts];
        private final String[] products = new String[PRODUCTS];
        private final int firstDay = (int) profile.first().toEpochDay();
        private final int endDay = (int) Profile.END.toEpochDay();
        private final long endMicros;
        private List<Event> batch;
        private long count;
        private long orderSeq;

        Run(int size, Consumer<List<Event>> sink) {
            this.size = size;
            this.sink = sink;
            this.batch = new ArrayList<>(size);
            this.endMicros = dayStart(endDay + 1) - 1;
            int existing = (int) (accounts * 0.55);
            int joining = accounts - existing;
            for (int i = 0; i < accounts; i++) {
                ids[i] = "c" + i;
                scheduled[i] = i < existing
                        ? firstDay - 366 + (int) ((long) i * 366 / Math.max(1, existing))
                        : firstDay + (int) (profile.days() * Math.sqrt((double) (i - existing) / joining));
            }
            for (int p = 0; p < PRODUCTS; p++) {
                products[p] = String.format("sku-%05d", p);
            }
        }

        long run() {
            int next = 0;
            // the existing base: created during the year before the window
            while (next < accounts && scheduled[next] < firstDay) {
                created(next, scheduled[next]);
                next++;
            }
            int recent = 0;
            for (int day = firstDay; day <= endDay; day++) {
                while (next < accounts && scheduled[next] <= day) {
                    created(next, day);
                    next++;
                }
                while (recent < next && scheduled[recent] <= day - 60) {
                    recent++;
                }
                int k = day - firstDay;
                double season = WEEKDAY[LocalDate.ofEpochDay(day).getDayOfWeek().ordinal()]
                        * (1 + 0.25 * Math.sin(2 * Math.PI * k / 365.25));
                long start = dayStart(day);
                int sessions = draw(next * 0.05 * season);
                for (int s = 0; s < sessions; s++) {
                    session(pick(next, recent), start + random.nextLong(DAY_MICROS));
                }
                int orders = draw(next * 0.004 * season);
                for (int o = 0; o < orders; o++) {
                    order(pick(next, recent), start + random.nextLong(DAY_MICROS), -1, false);
                }
                int consents = draw(next * 0.0006);
                for (int c = 0; c < consents; c++) {
                    emit(new ConsentChanged(ids[pick(next, recent)], start + random.nextLong(DAY_MICROS), null,
                            CHANNELS[random.nextInt(3)], random.nextInt(10) < 6));
                }
                int contacts = draw(next * 0.0004);
                for (int c = 0; c < contacts; c++) {
                    emit(new ContactChanged(ids[pick(next, recent)], start + random.nextLong(DAY_MICROS), null,
                            CHANNELS[random.nextInt(3)], random.nextInt(10) < 7));
                }
            }
            if (!batch.isEmpty()) {
                sink.accept(batch);
            }
            return count;
        }

        private void created(int account, int day) {
            if (account % 10 == 9) {
                return; // a guest: never creates an account
            }
            Set<Channel> contacts = EnumSet.noneOf(Channel.class);
            Map<Channel, Boolean> consents = new EnumMap<>(Channel.class);
            double[] contactShare = {0.9, 0.55, 0.4};
            double[] consentShare = {0.6, 0.3, 0.25};
            for (Channel c : CHANNELS) {
                if (random.nextDouble() < contactShare[c.ordinal()]) {
                    contacts.add(c);
                }
                if (random.nextDouble() < 0.8) {
                    consents.put(c, random.nextDouble() < consentShare[c.ordinal()]);
                }
            }
            emit(new AccountCreated(ids[account], dayStart(day) + random.nextLong(DAY_MICROS), null, contacts,
                    consents));
        }

        private void session(int account, long ts) {
            emit(new HubOpened(ids[account], ts, null));
            if (random.nextDouble() < 0.24) {
                emit(new ServiceInteraction(ids[account], ts + random.nextLong(600_000_000L), null,
                        ACTIONS[random.nextInt(ACTIONS.length)]));
            }
            if (random.nextDouble() < 0.4) {
                int product = product();
                long at = ts + random.nextLong(900_000_000L);
                emit(new HubProductInteraction(ids[account], at, null, products[product],
                        PRODUCT_ACTIONS[random.nextInt(PRODUCT_ACTIONS.length)]));
                if (random.nextDouble() < 0.25) {
                    order(account, at + random.nextLong(36 * HOUR_MICROS), product, random.nextDouble() < 0.4);
                }
            }
        }

        private void order(int account, long ts, int hubProduct, boolean viaHub) {
            if (ts > endMicros) {
                return;
            }
            int lines = 1 + random.nextInt(3);
            List<OrderLine> list = new ArrayList<>(lines);
            for (int l = 0; l < lines; l++) {
                int product = l == 0 && hubProduct >= 0 ? hubProduct : product();
                long quantity = 1 + random.nextInt(3);
                double u = random.nextDouble();
                long amount = quantity * (300 + (long) (12_000 * u * u));
                long discount = random.nextInt(5) == 0 ? amount / 10 : 0;
                list.add(new OrderLine(products[product], quantity, amount - discount, discount,
                        l == 0 && viaHub));
            }
            boolean store = random.nextInt(5) == 0;
            String storeName = store ? STORES[random.nextInt(STORES.length)] : null;
            boolean signedIn = random.nextInt(100) < (store ? 40 : 75);
            SalesChannel channel = store ? SalesChannel.STORE : SalesChannel.WEB;
            emit(new Order(ids[account], ts, null, "o" + (++orderSeq), channel, storeName, signedIn, list));
            if (random.nextInt(100) < 6) {
                long at = ts + (1 + random.nextInt(45)) * DAY_MICROS + random.nextLong(HOUR_MICROS);
                if (at <= endMicros) {
                    OrderLine first = list.get(0);
                    long back = random.nextInt(10) < 3 ? Math.max(1, first.amount() / 2) : first.amount();
                    emit(new Order(ids[account], at, null, "r" + (++orderSeq), channel, storeName, signedIn,
                            List.of(new OrderLine(first.product(), -1, -back, 0, false))));
                }
            }
        }

        /** An account that exists on the day: mostly skewed to the early, loyal base, a third recent sign-ups. */
        private int pick(int available, int recent) {
            if (available > recent && random.nextInt(3) == 0) {
                return recent + random.nextInt(available - recent);
            }
            double u = random.nextDouble();
            return (int) (available * u * u);
        }

        private int product() {
            double u = random.nextDouble();
            return (int) (PRODUCTS * u * u);
        }

        /** A count around the mean (normal approximation of a Poisson draw). */
        private int draw(double mean) {
            return (int) Math.max(0, Math.round(mean + random.nextGaussian() * Math.sqrt(mean)));
        }

        private long dayStart(int epochDay) {
            return LocalDate.ofEpochDay(epochDay).atStartOfDay(Profile.ZONE).toEpochSecond() * 1_000_000L;
        }

        private void emit(Event e) {
            batch.add(e);
            count++;
            if (batch.size() == size) {
                sink.accept(batch);
                batch = new ArrayList<>(size);
            }
        }
    }
}
