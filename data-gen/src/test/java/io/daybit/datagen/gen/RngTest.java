package io.daybit.datagen.gen;

import io.daybit.datagen.profile.GeneratorConfig;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RngTest {
    @Test
    void lnAgreesWithTheLibraryLogarithm() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 200_000; i++) {
            double x = i % 2 == 0 ? random.nextDouble() : Math.exp(random.nextDouble(-700, 700));
            if (x < Double.MIN_NORMAL) {
                continue;
            }
            double expected = StrictMath.log(x);
            assertEquals(expected, Rng.ln(x), Math.max(4 * Math.ulp(expected), 1e-15), "ln " + x);
        }
        assertEquals(0.0, Rng.ln(1.0));
    }

    @Test
    void aliasTableDrawsInProportionToTheWeights() {
        double[] weights = {5, 1, 0, 3, 1};
        Rng.AliasTable table = new Rng.AliasTable(weights);
        Rng rng = new Rng(42);
        int[] counts = new int[weights.length];
        int n = 500_000;
        for (int i = 0; i < n; i++) {
            counts[rng.pick(table)]++;
        }
        for (int i = 0; i < weights.length; i++) {
            double p = weights[i] / 10;
            assertEquals(p * n, counts[i], 5 * Math.sqrt(n * p * (1 - p)) + 1, "weight " + i);
        }
    }

    @Test
    void poissonDrawsHaveTheirMean() {
        Rng rng = new Rng(9);
        for (double lambda : new double[] {0.02, 0.7, 3, 25, 80}) {
            long sum = 0;
            int n = 100_000;
            for (int i = 0; i < n; i++) {
                sum += rng.poisson(lambda);
            }
            assertEquals(lambda, sum / (double) n, 5 * Math.sqrt(lambda / n), "lambda " + lambda);
        }
    }

    @Test
    void rateBoundsHoldOnEveryLaterDay() {
        GeneratorConfig config = GeneratorConfig.builder().accounts(400).days(400).end(LocalDate.of(2025, 12, 31)).build();
        Generator generator = new Generator(config);
        Population pop = generator.population();
        for (int a = 0; a < pop.size(); a++) {
            int first = Math.max(0, pop.created(a) + 1);
            for (int from = first; from < config.days(); from += 37) {
                double bound = pop.rateBound(a, from);
                for (int d = from; d < config.days(); d++) {
                    double total = pop.hubRate(a, d) + pop.orderRate(a, d) + pop.changeRate(a);
                    assertTrue(total <= bound, "account " + a + " day " + d + ": " + total + " > bound " + bound);
                }
            }
        }
    }

    @Test
    void hashesOfNeighbouringKeysLookIndependent() {
        long key = Rng.streamKey(1, Purpose.ACTIVE);
        int n = 200_000;
        double sum = 0;
        double products = 0;
        double previous = Rng.unit(Rng.hash(key, 0, 0));
        for (int a = 1; a < n; a++) {
            double u = Rng.unit(Rng.hash(key, a, 0));
            sum += u;
            products += (u - 0.5) * (previous - 0.5);
            previous = u;
        }
        assertEquals(0.5, sum / (n - 1), 0.005);
        assertEquals(0, products / (n - 1) * 12, 0.02); // correlation of neighbours
    }
}
