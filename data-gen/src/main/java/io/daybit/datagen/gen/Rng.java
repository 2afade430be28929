package io.daybit.datagen.gen;

/**
 * SplitMix64: a tiny, fast generator whose whole state is one {@code long}, reseeded from a hash
 * of (seed, account, day, purpose) wherever the generator needs randomness. Deriving every draw
 * from such a hash, never from a shared sequence, is what makes the output independent of how
 * accounts are split among threads.
 *
 * <p>Logarithms, exponentials and trigonometry come from {@link StrictMath} or from {@link #ln},
 * never from {@code Math}, which may use CPU intrinsics that differ in the last bit between
 * machines, and a last bit can change a draw. (Plain arithmetic is IEEE-exact on every JVM since
 * Java 17.) Not thread-safe.
 */
final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final double TO_UNIT = 0x1.0p-53;

    private long state;

    /** A generator started from {@code seed}. */
    Rng(long seed) {
        this.state = seed;
    }

    /** Restarts the sequence from {@code seed}. */
    void reseed(long seed) {
        state = seed;
    }

    /** The SplitMix64 finaliser: a bijective, well-avalanched mix of 64 bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A hash of a stream key (seed and purpose, see {@link #streamKey}) with two numbers. */
    static long hash(long streamKey, long a, long b) {
        return mix(streamKey + mix(a * 0xD1B54A32D192ED03L + b * 0xABC98388FB8FAC03L + 0x8CB92BA72F3D8DD7L));
    }

    /** A key for one purpose of randomness under one seed. */
    static long streamKey(long seed, int purpose) {
        return mix(mix(seed) + purpose * GOLDEN);
    }

    /** A uniform double in [0, 1) from the top 53 bits of a hash. */
    static double unit(long hash) {
        return (hash >>> 11) * TO_UNIT;
    }

    long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return unit(nextLong());
    }

    /** Uniform in [0, bound), bound ≥ 1. */
    int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Uniform in [0, bound), bound ≥ 1. */
    long nextLong(long bound) {
        return (long) (nextDouble() * bound);
    }

    /** True with probability {@code p}. */
    boolean chance(double p) {
        return nextDouble() < p;
    }

    /** A standard normal draw (Box–Muller, one of the pair). */
    double gaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]: the logarithm stays finite
        double u2 = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /** Exponential with the given mean. */
    double exponential(double mean) {
        return -mean * ln(1.0 - nextDouble());
    }

    /**
     * The natural logarithm of a positive, finite, normal {@code x}, to within a few ulps, in
     * plain arithmetic: the same bits on every JVM, and without the native call that
     * {@code StrictMath.log} costs on Java 17 (it sits on the generator's hottest path).
     * x = m * 2^e with m in [sqrt(1/2), sqrt(2)); ln m = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.172.
     */
    static double ln(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int e = (int) (bits >>> 52) - 1023;
        double m = Double.longBitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        if (m > 1.4142135623730951) {
            m *= 0.5;
            e++;
        }
        double s = (m - 1) / (m + 1);
        double s2 = s * s;
        // atanh(s) = s (1 + s²/3 + s⁴/5 + ...); s² < 0.0295, so 11 terms reach 1e-17
        double series = 1.0 / 21;
        series = series * s2 + 1.0 / 19;
        series = series * s2 + 1.0 / 17;
        series = series * s2 + 1.0 / 15;
        series = series * s2 + 1.0 / 13;
        series = series * s2 + 1.0 / 11;
        series = series * s2 + 1.0 / 9;
        series = series * s2 + 1.0 / 7;
        series = series * s2 + 1.0 / 5;
        series = series * s2 + 1.0 / 3;
        series = series * s2 + 1.0;
        return e * 0.6931471805599453 + 2 * s * series;
    }

    /** Number of failures before the first success, success probability {@code p} in (0, 1]. */
    int geometric(double p, int cap) {
        int k = 0;
        while (k < cap && !chance(p)) {
            k++;
        }
        return k;
    }

    /** A Poisson draw with mean {@code lambda} (inverse transform; a normal approximation past 60). */
    int poisson(double lambda) {
        return poisson(lambda, lambda > 0 && lambda <= 60 ? StrictMath.exp(-lambda) : 0);
    }

    /** {@link #poisson(double)} with e^-lambda computed once by the caller, for a mean used again and again. */
    int poisson(double lambda, double expMinusLambda) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda > 60) {
            return (int) Math.max(0, Math.round(lambda + StrictMath.sqrt(lambda) * gaussian()));
        }
        double u = nextDouble();
        double term = expMinusLambda;
        double cumulative = term;
        int k = 0;
        while (u >= cumulative && k < 400) {
            k++;
            term *= lambda / k;
            cumulative += term;
        }
        return k;
    }

    /** Index of a draw from a cumulative distribution table whose last entry is 1. */
    int pick(double[] cdf) {
        double u = nextDouble();
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (u < cdf[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Index of a draw from an alias table: one uniform, no search. */
    int pick(AliasTable table) {
        double x = nextDouble() * table.size();
        int column = (int) x;
        return x - column < table.keep[column] ? column : table.alias[column];
    }

    /**
     * Walker's alias tables (Vose's construction) for drawing from a fixed discrete distribution
     * in constant time. Built deterministically from the weights.
     */
    static final class AliasTable {
        final double[] keep;
        final int[] alias;

        AliasTable(double[] weights) {
            int n = weights.length;
            keep = new double[n];
            alias = new int[n];
            double total = 0;
            for (double w : weights) {
                total += w;
            }
            double[] scaled = new double[n];
            int[] small = new int[n];
            int[] large = new int[n];
            int smalls = 0;
            int larges = 0;
            for (int i = 0; i < n; i++) {
                scaled[i] = weights[i] * n / total;
                if (scaled[i] < 1) {
                    small[smalls++] = i;
                } else {
                    large[larges++] = i;
                }
            }
            while (smalls > 0 && larges > 0) {
                int s = small[--smalls];
                int l = large[--larges];
                keep[s] = scaled[s];
                alias[s] = l;
                scaled[l] = scaled[l] + scaled[s] - 1;
                if (scaled[l] < 1) {
                    small[smalls++] = l;
                } else {
                    large[larges++] = l;
                }
            }
            while (larges > 0) {
                keep[large[--larges]] = 1;
            }
            while (smalls > 0) { // left over only by rounding: their share is 1 within an ulp
                keep[small[--smalls]] = 1;
            }
        }

        int size() {
            return keep.length;
        }
    }

    /** The cumulative table of non-negative weights, normalised so that its last entry is exactly 1. */
    static double[] cdf(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double[] out = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            out[i] = sum / total;
        }
        out[out.length - 1] = 1.0;
        return out;
    }
}
