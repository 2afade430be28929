package io.daybit.server.dto;

import java.util.List;

/** {@code GET /api/v1/datasets}: the datasets the caller may read, by name. */
public record DatasetListDto(List<DatasetDto> datasets) {
}
