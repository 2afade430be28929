package io.daybit.engine.model;

import java.util.Objects;

/**
 * One line of an order. {@code quantity} and {@code amount} (minor units, after discount) are
 * negative for refunds.
 *
 * @param discount the discount granted on the line, minor units, never negative
 * @param viaHub   whether the item was added to the cart from the hub
 */
public record OrderLine(String product, long quantity, long amount, long discount, boolean viaHub) {
    public OrderLine {
        Objects.requireNonNull(product, "product");
        if (discount < 0) {
            throw new IllegalArgumentException("field 'discount' must not be negative, got " + discount);
        }
    }
}
