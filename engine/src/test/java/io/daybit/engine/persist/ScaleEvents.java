package io.daybit.engine.persist;

import io.daybit.engine.model.AccountCreated;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.ConsentChanged;
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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A large, seeded event stream with the shape of the full profile (accounts created over the
 * period, each opening the hub on a share of days, with service interactions, hub product
 * interactions, orders and consent changes), produced day by day in batches, for measuring ingest
 * and restart at scale. Same seed, same stream.
 */
final class ScaleEvents {
    static final LocalDate END = LocalDate.of(2025, 12, 31);
    private static final long DAY_MICROS = 86_400_000_000L;
    private static final ServiceAction[] ACTIONS = ServiceAction.values();
    private static final String[] PRODUCTS = new String[200];

    static {
        for (int i = 0; i < PRODUCTS.length; i++) {
            PRODUCTS[i] = "P-" + i;
        }
    }

    private ScaleEvents() {
    }

    /**
     * Every batch of a stream of {@code accounts} accounts over {@code days} days, each account
     * active on about {@code activeShare} of the days.
     */
    static List<List<Event>> batches(int accounts, int days, double activeShare, int batchSize, long seed) {
        List<List<Event>> out = new ArrayList<>();
        stream(accounts, days, activeShare, batchSize, seed, out::add);
        return out;
    }

    /** The same batches, handed to {@code sink} one by one instead of held all at once. */
    static void stream(int accounts, int days, double activeShare, int batchSize, long seed,
                       Consumer<List<Event>> out) {
        SplittableRandom rnd = new SplittableRandom(seed);
        LocalDate first = END.minusDays(days - 1L);
        long firstMicros = first.atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
        List<Event> batch = new ArrayList<>(batchSize);
        long orders = 0;
        for (int a = 0; a < accounts; a++) {
            long ts = firstMicros + (long) (rnd.nextDouble() * days / 2) * DAY_MICROS + rnd.nextLong(DAY_MICROS);
            batch.add(new AccountCreated("acct-" + a, ts, null, Set.of(Channel.EMAIL),
                    Map.of(Channel.EMAIL, rnd.nextBoolean())));
            if (batch.size() == batchSize) {
                out.accept(batch);
                batch = new ArrayList<>(batchSize);
            }
        }
        int perDay = (int) (accounts * activeShare);
        for (int d = 0; d < days; d++) {
            long dayStart = firstMicros + d * DAY_MICROS;
            for (int i = 0; i < perDay; i++) {
                String account = "acct-" + rnd.nextInt(accounts);
                long ts = dayStart + rnd.nextLong(DAY_MICROS - 10_000_000L);
                batch.add(new HubOpened(account, ts, null));
                int r = rnd.nextInt(100);
                if (r < 10) {
                    batch.add(new ServiceInteraction(account, ts + 1, null, ACTIONS[rnd.nextInt(ACTIONS.length)]));
                } else if (r < 18) {
                    String product = PRODUCTS[rnd.nextInt(PRODUCTS.length)];
                    batch.add(new HubProductInteraction(account, ts + 2, null, product, ProductAction.CLICK));
                    if (rnd.nextInt(3) == 0) {
                        batch.add(new Order(account, ts + 3_000_000L, null, "O-" + orders++,
                                rnd.nextInt(5) == 0 ? SalesChannel.STORE : SalesChannel.WEB, null, rnd.nextBoolean(),
                                List.of(new OrderLine(product, 1, 1000 + rnd.nextInt(9000), 0, false),
                                        new OrderLine(PRODUCTS[rnd.nextInt(PRODUCTS.length)], 2,
                                                500 + rnd.nextInt(5000), 100, false))));
                    }
                } else if (r < 19) {
                    batch.add(new ConsentChanged(account, ts + 4, null, Channel.EMAIL, rnd.nextBoolean()));
                }
                if (batch.size() >= batchSize) {
                    out.accept(batch);
                    batch = new ArrayList<>(batchSize);
                }
            }
        }
        if (!batch.isEmpty()) {
            out.accept(batch);
        }
    }
}
