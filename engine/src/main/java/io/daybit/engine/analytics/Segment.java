package io.daybit.engine.analytics;

import io.daybit.engine.InvalidRequestException;

import java.util.Objects;

/**
 * A group of customers that can be listed: a persona, a stage, or one (R, F, M) cell.
 * Use the factories.
 */
public record Segment(String persona, Stage stage, int r, int f, int m) {
    public Segment {
        int given = (persona != null ? 1 : 0) + (stage != null ? 1 : 0) + (r != 0 ? 1 : 0);
        if (given != 1) {
            throw new InvalidRequestException("name exactly one of persona, stage or a cell r, f, m", "persona");
        }
        if (r != 0) {
            checkScore("r", r);
            checkScore("f", f);
            checkScore("m", m);
        }
    }

    public static Segment persona(String name) {
        return new Segment(Objects.requireNonNull(name, "persona"), null, 0, 0, 0);
    }

    public static Segment stage(Stage stage) {
        return new Segment(null, Objects.requireNonNull(stage, "stage"), 0, 0, 0);
    }

    public static Segment cell(int r, int f, int m) {
        return new Segment(null, null, r, f, m);
    }

    private static void checkScore(String name, int score) {
        if (score < 1 || score > 3) {
            throw new InvalidRequestException(name + " must be 1, 2 or 3, got " + score, name);
        }
    }
}
