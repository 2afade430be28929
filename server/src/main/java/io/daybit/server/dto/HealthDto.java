package io.daybit.server.dto;

/** {@code GET /health}: {@code ok} once data is loaded, {@code loading} before. */
public record HealthDto(String status) {
}
