package io.daybit.datagen.gen;

import java.util.List;

/**
 * The shop's products and stores. Product popularity follows a Zipf law (a few best sellers, a
 * long tail) and prices a log-normal law (median about 25.00, a few very expensive items), with
 * the usual .99 endings; store popularity is Zipf too. Immutable; derived from the seed.
 */
final class Catalog {
    static final int PRODUCTS = 2000;

    private final String[] productIds = new String[PRODUCTS];
    private final long[] prices = new long[PRODUCTS];
    private final Rng.AliasTable productTable;
    private final String[] stores;
    private final double[] storeCdf;

    Catalog(long seed, List<String> storeNames) {
        Rng rng = new Rng(Rng.streamKey(seed, Purpose.CATALOG));
        double[] popularity = new double[PRODUCTS];
        for (int p = 0; p < PRODUCTS; p++) {
            productIds[p] = "SKU-" + Population.padded(p + 1, 5);
            double price = 2500 * StrictMath.exp(0.85 * rng.gaussian());
            prices[p] = Math.max(99, Math.round(price / 100) * 100 - 1);
            popularity[p] = 1.0 / StrictMath.pow(p + 1, 1.1);
        }
        productTable = new Rng.AliasTable(popularity);
        stores = storeNames.toArray(new String[0]);
        double[] storeWeights = new double[Math.max(1, stores.length)];
        for (int s = 0; s < storeWeights.length; s++) {
            storeWeights[s] = 1.0 / (s + 1);
        }
        storeCdf = Rng.cdf(storeWeights);
    }

    int randomProduct(Rng rng) {
        return rng.pick(productTable);
    }

    String productId(int p) {
        return productIds[p];
    }

    long price(int p) {
        return prices[p];
    }

    boolean hasStores() {
        return stores.length > 0;
    }

    int randomStore(Rng rng) {
        return rng.pick(storeCdf);
    }

    String store(int s) {
        return stores[s];
    }
}
