package io.daybit.engine.model;

import java.util.List;
import java.util.Objects;

/**
 * An order, or a refund when its total is negative.
 *
 * @param orderId  unique within a dataset; a second order with the same id is a duplicate
 * @param channel  where it was placed
 * @param store    the store's name, or {@code null}
 * @param signedIn whether the customer was signed in
 * @param lines    at least one line
 */
public record Order(String account, long tsMicros, String id, String orderId, SalesChannel channel, String store,
                    boolean signedIn, List<OrderLine> lines) implements Event {
    public Order {
        Event.checkCommon(account, tsMicros);
        Objects.requireNonNull(orderId, "order_id");
        Objects.requireNonNull(channel, "channel");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("field 'lines' must hold at least one line");
        }
        long total = 0;
        long items = 0;
        long discount = 0;
        try {
            for (OrderLine line : lines) {
                total = Math.addExact(total, line.amount());
                items = Math.addExact(items, line.quantity());
                discount = Math.addExact(discount, line.discount());
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("field 'lines' sums overflow 64-bit integers", e);
        }
    }

    @Override
    public EventType type() {
        return EventType.ORDER;
    }

    /** Σ line amounts, minor units. */
    public long total() {
        long sum = 0;
        for (OrderLine line : lines) {
            sum += line.amount();
        }
        return sum;
    }

    /** Σ line quantities. */
    public long items() {
        long sum = 0;
        for (OrderLine line : lines) {
            sum += line.quantity();
        }
        return sum;
    }

    /** Σ line discounts, minor units. */
    public long discount() {
        long sum = 0;
        for (OrderLine line : lines) {
            sum += line.discount();
        }
        return sum;
    }

    /** A purchase is an order whose total is positive. */
    public boolean isPurchase() {
        return total() > 0;
    }
}
