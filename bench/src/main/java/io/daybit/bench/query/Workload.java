package io.daybit.bench.query;

import io.daybit.bench.state.Profile;

import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * The inputs each benchmark cycles through: seeded, so that Daybit and DuckDB are asked exactly
 * the same questions in the same order, and a new range on every call (no answer can be reused).
 */
public final class Workload {
    /** Inputs per question; a power of two so that a cursor can wrap with a mask. */
    public static final int SIZE = 256;

    private Workload() {
    }

    /** The inputs of a question over ranges of {@code rangeDays} days (ignored by "as of" questions). */
    public static Input[] inputs(Profile profile, Question question, int rangeDays) {
        SplittableRandom random = new SplittableRandom(profile.seed() * 31 + question.ordinal() * 1009L + rangeDays);
        LocalDate first = profile.first();
        int days = profile.days();
        Input[] inputs = new Input[SIZE];
        for (int i = 0; i < SIZE; i++) {
            switch (question.shape()) {
                case RANGE: {
                    int n = Math.min(rangeDays, days);
                    LocalDate from = first.plusDays(random.nextInt(days - n + 1));
                    inputs[i] = new Input(from, from.plusDays(n - 1L));
                    break;
                }
                case DAY: {
                    LocalDate day = first.plusDays(random.nextInt(days));
                    inputs[i] = new Input(day, day);
                    break;
                }
                default:
                    inputs[i] = new Input(Profile.END, Profile.END);
                    break;
            }
        }
        return inputs;
    }
}
