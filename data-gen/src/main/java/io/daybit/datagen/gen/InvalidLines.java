package io.daybit.datagen.gen;

import io.daybit.engine.codec.EventEncoder;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.Order;

import java.time.ZoneId;

/**
 * Makes invalid NDJSON lines, each modelled on a valid event so that it looks like a real
 * client's mistake: wrong JSON types, unknown names, missing fields, timestamps without an
 * offset, broken JSON, and re-sent orders with a used {@code order_id}. Every line is one the
 * engine rejects (a re-sent order only after its original was accepted, which the stream's order
 * guarantees when it is ingested in order).
 */
final class InvalidLines {
    /** Number of kinds of mistake. */
    static final int KINDS = 27;
    /** The kind that re-sends an order with its {@code order_id}. */
    static final int DUPLICATE_ORDER = 0;

    private InvalidLines() {
    }

    /** An invalid line modelled on {@code e}; {@code hash} chooses the mistake. */
    static String make(Event e, long hash, ZoneId zone) {
        int kind = (int) Long.remainderUnsigned(hash >>> 8, KINDS);
        if (kind == DUPLICATE_ORDER && !(e instanceof Order)) {
            kind = 1 + (int) Long.remainderUnsigned(hash >>> 40, KINDS - 1);
        }
        String acc = quote(e.account());
        String ts = quote(EventEncoder.formatTimestamp(e.tsMicros(), zone));
        long millis = Math.floorDiv(e.tsMicros(), 1000L);
        String head = "{\"type\":\"order\",\"account\":" + acc + ",\"ts\":" + ts + ",\"order_id\":\"X" + Long.toHexString(hash)
                + "\",";
        return switch (kind) {
            case DUPLICATE_ORDER -> "{\"type\":\"order\",\"account\":" + acc + ",\"ts\":" + ts + ",\"order_id\":"
                    + quote(((Order) e).orderId()) + ",\"lines\":[{\"product\":\"SKU-00001\",\"quantity\":1,\"amount\":999}]}";
            case 1 -> "{\"type\":\"hub_closed\",\"account\":" + acc + ",\"ts\":" + ts + "}";
            case 2 -> "{\"type\":\"service\",\"account\":" + acc + ",\"ts\":" + ts + ",\"action\":\"refund_requested\"}";
            case 3 -> "{\"type\":\"consent\",\"account\":" + acc + ",\"ts\":" + ts + ",\"channel\":\"fax\",\"granted\":true}";
            case 4 -> "{\"type\":\"hub_opened\",\"account\":" + acc + ",\"ts\":"
                    + quote(EventEncoder.formatTimestamp(e.tsMicros(), zone).substring(0, 23)) + "}";
            case 5 -> "{\"type\":\"hub_opened\",\"account\":" + (Math.abs(hash % 1_000_000)) + ",\"ts\":" + ts + "}";
            case 6 -> "{\"type\":\"hub_opened\",\"ts\":" + ts + "}";
            case 7 -> "{\"type\":\"hub_opened\",\"account\":\"\",\"ts\":" + ts + "}";
            case 8 -> "{\"type\":\"hub_opened\",\"account\":\"" + "ö".repeat(129) + "\",\"ts\":" + ts + "}";
            case 9 -> head + "\"lines\":[{\"product\":\"SKU-00002\",\"quantity\":1,\"amount\":\"1999\"}]}";
            case 10 -> head + "\"lines\":[{\"product\":\"SKU-00003\",\"quantity\":1,\"amount\":19.99}]}";
            case 11 -> head + "\"lines\":[{\"product\":\"SKU-00004\",\"quantity\":1.0,\"amount\":1999}]}";
            case 12 -> head + "\"lines\":[]}";
            case 13 -> head + "\"lines\":[{\"product\":\"SKU-00005\",\"quantity\":1,\"amount\":1999,\"discount\":-500}]}";
            case 14 -> head + "\"channel\":\"phone\",\"lines\":[{\"product\":\"SKU-00006\",\"quantity\":1,\"amount\":1999}]}";
            case 15 -> head + "\"signed_in\":\"yes\",\"lines\":[{\"product\":\"SKU-00007\",\"quantity\":1,\"amount\":1999}]}";
            case 16 -> "{\"type\":\"hub_opened\",\"account\":" + acc + ",\"ts\":";
            case 17 -> "[\"hub_opened\"," + acc + "," + millis + "]";
            case 18 -> "{\"type\":\"hub_opened\",\"account\":" + acc + ",\"ts\":\"yesterday\"}";
            case 19 -> "{\"type\":\"service\",\"account\":" + acc + ",\"action\":\"help_clicked\"}";
            case 20 -> "{\"type\":\"hub_product\",\"account\":" + acc + ",\"ts\":" + ts
                    + ",\"product\":\"SKU-00008\",\"action\":\"wishlist\"}";
            case 21 -> "{\"type\":\"contact\",\"account\":" + acc + ",\"ts\":" + ts + ",\"channel\":\"sms\",\"valid\":\"true\"}";
            case 22 -> "{\"type\":\"hub_opened\",\"account\":" + acc + ",\"ts\":" + millis + ".5}";
            case 23 -> "{\"type\":\"hub_product\",\"account\":" + acc + ",\"ts\":" + ts + ",\"action\":\"click\"}";
            case 24 -> "{\"type\":\"order\",\"account\":" + acc + ",\"ts\":" + ts
                    + ",\"lines\":[{\"product\":\"SKU-00009\",\"quantity\":1,\"amount\":1999}]}";
            case 25 -> "{\"type\":\"Hub_Opened\",\"account\":" + acc + ",\"ts\":" + ts + "}";
            default -> "{\"type\":\"consent\",\"account\":" + acc + ",\"ts\":" + ts + ",\"channel\":\"email\"}";
        };
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
