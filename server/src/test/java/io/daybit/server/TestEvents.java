package io.daybit.server;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * Seeded NDJSON event streams for the server tests: accounts created over the period, hub opens,
 * service interactions, hub product clicks, orders (some signed in, some in stores, some via the
 * hub) and refunds, consent and contact changes. The same seed gives the same bytes.
 */
final class TestEvents {
    private static final String[] ACTIONS = {"order_tracked", "return_started", "coupon_applied", "help_clicked",
        "chat_started"};
    private static final String[] CHANNELS = {"email", "sms", "push"};
    private static final String[] STORES = {"Stockholm City", "Malmö Triangeln", "NYC 5th Ave"};

    private TestEvents() {
    }

    /** About {@code accounts} × 12 events between {@code first} and {@code last}. */
    static String ndjson(long seed, int accounts, LocalDate first, LocalDate last) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long from = first.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        long to = last.plusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        StringBuilder b = new StringBuilder();
        int order = 0;
        for (int a = 0; a < accounts; a++) {
            String account = "acct-" + a;
            long created = from + rnd.nextLong(to - from);
            if (rnd.nextInt(10) > 0) {
                b.append("{\"type\":\"account_created\",\"account\":\"").append(account).append("\",\"ts\":\"")
                        .append(ts(created)).append("\",\"contacts\":[\"email\"").append(rnd.nextBoolean() ? ",\"sms\"" : "")
                        .append("],\"consents\":{\"email\":").append(rnd.nextBoolean()).append(",\"sms\":")
                        .append(rnd.nextBoolean()).append("}}\n");
            }
            int n = 2 + rnd.nextInt(20);
            for (int i = 0; i < n; i++) {
                long t = created + rnd.nextLong(Math.max(1, to - created));
                switch (rnd.nextInt(6)) {
                    case 0:
                    case 1:
                        b.append("{\"type\":\"hub_opened\",\"account\":\"").append(account).append("\",\"ts\":\"")
                                .append(ts(t)).append("\"}\n");
                        break;
                    case 2:
                        b.append("{\"type\":\"service\",\"account\":\"").append(account).append("\",\"ts\":\"")
                                .append(ts(t)).append("\",\"action\":\"").append(ACTIONS[rnd.nextInt(ACTIONS.length)])
                                .append("\"}\n");
                        break;
                    case 3:
                        b.append("{\"type\":\"hub_product\",\"account\":\"").append(account).append("\",\"ts\":\"")
                                .append(ts(t)).append("\",\"product\":\"p").append(rnd.nextInt(20))
                                .append("\",\"action\":\"click\"}\n");
                        break;
                    case 4:
                        b.append("{\"type\":\"consent\",\"account\":\"").append(account).append("\",\"ts\":\"")
                                .append(ts(t)).append("\",\"channel\":\"").append(CHANNELS[rnd.nextInt(3)])
                                .append("\",\"granted\":").append(rnd.nextBoolean()).append("}\n");
                        break;
                    default:
                        order++;
                        boolean refund = rnd.nextInt(12) == 0;
                        boolean store = rnd.nextInt(4) == 0;
                        b.append("{\"type\":\"order\",\"account\":\"").append(account).append("\",\"ts\":\"")
                                .append(ts(t)).append("\",\"order_id\":\"O-").append(order).append("\",\"channel\":\"")
                                .append(store ? "store" : "web").append('"');
                        if (store) {
                            b.append(",\"store\":\"").append(STORES[rnd.nextInt(STORES.length)]).append('"');
                        }
                        b.append(",\"signed_in\":").append(rnd.nextBoolean()).append(",\"lines\":[");
                        int lines = 1 + rnd.nextInt(3);
                        for (int l = 0; l < lines; l++) {
                            int q = 1 + rnd.nextInt(3);
                            long amount = 500 + rnd.nextInt(20_000);
                            b.append(l > 0 ? "," : "").append("{\"product\":\"p").append(rnd.nextInt(20))
                                    .append("\",\"quantity\":").append(refund ? -q : q).append(",\"amount\":")
                                    .append(refund ? -amount : amount).append(",\"discount\":")
                                    .append(refund ? 0 : rnd.nextInt(300)).append(",\"via_hub\":")
                                    .append(rnd.nextInt(5) == 0).append('}');
                        }
                        b.append("]}\n");
                        break;
                }
            }
        }
        return b.toString();
    }

    private static String ts(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).toString();
    }
}
