package io.daybit.server.dto;

import java.util.List;

/** {@code GET .../stores}: the store names seen in orders. */
public record StoresDto(List<String> stores) {
}
