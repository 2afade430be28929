package io.daybit.datagen.gen;

import io.daybit.datagen.profile.EventRates;
import io.daybit.datagen.profile.GeneratorConfig;
import io.daybit.engine.model.Channel;

import java.nio.charset.StandardCharsets;

/**
 * Every account's fixed traits, drawn once from the seed: guest or not, when it was created, how
 * keen it is on the hub and on buying (log-normal, so that a few accounts do a great deal and most
 * very little), when it churns, and its home store. From them follow the expected daily counts
 * ({@link #hubRate}, {@link #orderRate}, {@link #changeRate}) that the day generator draws from.
 * Immutable; about 25 bytes per account.
 */
final class Population {
    /** Share of new accounts that open the hub right after creating their account. */
    static final double ONBOARDING = 0.6;
    /** How many times more new accounts sign up on the window's last day than on its first. */
    private static final double GROWTH = 2.0;
    /** Mean days from creation to churn; churned accounts keep a trickle of activity. */
    private static final double MEAN_LIFETIME_DAYS = 720;
    private static final float CHURNED = 0.1f;
    /** Spread of the log-normal propensities (mean 1): top 10% of accounts do about half of everything. */
    private static final double HUB_SIGMA = 1.25;
    private static final double ORDER_SIGMA = 1.0;
    private static final int CHANNELS = Channel.values().length;
    /** At creation, by channel (email, sms, push): chance of valid contact data, of consent granted when given. */
    private static final double[] CONTACT_GIVEN = {0.95, 0.6, 0.45};
    private static final double[] CONSENT_GRANTED = {0.55, 0.35, 0.5};

    private final int accounts;
    private final int idWidth;
    private final Calendar calendar;
    private final boolean[] guest;
    private final int[] created;       // window day of account_created (negative: the year before)
    private final long[] createdMicros;
    private final int[] churnDay;
    private final float[] hubPropensity;
    private final float[] orderPropensity;
    private final short[] homeStore;
    private final float[] hubEngagement;   // by age in days: new accounts are keener
    private final float[] orderEngagement;
    private final long initialKey;
    private final double hubBase;
    private final double orderBase;
    private final double consentBase;
    private final double contactBase;

    Population(GeneratorConfig config, Calendar calendar, Catalog catalog) {
        this.accounts = config.accounts();
        this.idWidth = Math.max(6, Integer.toString(accounts - 1).length());
        this.calendar = calendar;
        int days = config.days();
        EventRates rates = config.rates();
        hubBase = rates.hubOpened();
        orderBase = rates.order();
        consentBase = rates.consent();
        contactBase = rates.contact();
        initialKey = Rng.streamKey(config.seed(), Purpose.ACCOUNT + 100);
        guest = new boolean[accounts];
        created = new int[accounts];
        createdMicros = new long[accounts];
        churnDay = new int[accounts];
        hubPropensity = new float[accounts];
        orderPropensity = new float[accounts];
        homeStore = new short[accounts];
        long key = Rng.streamKey(config.seed(), Purpose.ACCOUNT);
        Rng rng = new Rng(0);
        for (int a = 0; a < accounts; a++) {
            rng.reseed(Rng.hash(key, a, 0));
            guest[a] = rng.chance(config.guestShare());
            int day;
            if (guest[a]) {
                day = -Calendar.PRE_DAYS; // guests buy from the start; they never create an account
            } else if (rng.chance(config.existingShare())) {
                day = -1 - rng.nextInt(Calendar.PRE_DAYS);
            } else {
                // inverse of the CDF of a density growing linearly to GROWTH + 1 times its start
                double t = (-1 + StrictMath.sqrt(1 + rng.nextDouble() * GROWTH * (2 + GROWTH))) / GROWTH;
                day = Math.min(days - 1, (int) (t * days));
            }
            created[a] = day;
            createdMicros[a] = calendar.timeOfDay(day, Calendar.HUB_HOURS, rng);
            double z1 = rng.gaussian();
            double z2 = rng.gaussian();
            hubPropensity[a] = (float) StrictMath.exp(HUB_SIGMA * z1 - HUB_SIGMA * HUB_SIGMA / 2);
            double zo = 0.6 * z1 + 0.8 * z2; // keen hub users buy more, loosely
            orderPropensity[a] = (float) StrictMath.exp(ORDER_SIGMA * zo - ORDER_SIGMA * ORDER_SIGMA / 2);
            long lifetime = (long) rng.exponential(MEAN_LIFETIME_DAYS);
            churnDay[a] = guest[a] ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, day + lifetime);
            homeStore[a] = (short) (catalog.hasStores() ? catalog.randomStore(rng) : 0);
        }
        int ages = days + Calendar.PRE_DAYS + 1;
        hubEngagement = new float[ages];
        orderEngagement = new float[ages];
        for (int age = 0; age < ages; age++) {
            hubEngagement[age] = (float) (1 + 1.5 * StrictMath.exp(-age / 21.0));
            orderEngagement[age] = (float) (1 + 0.6 * StrictMath.exp(-age / 30.0));
        }
    }

    int size() {
        return accounts;
    }

    boolean guest(int a) {
        return guest[a];
    }

    /** Window day of the account's creation (negative: before the window); meaningless for guests. */
    int created(int a) {
        return created[a];
    }

    long createdMicros(int a) {
        return createdMicros[a];
    }

    int homeStore(int a) {
        return homeStore[a];
    }

    /** Whether the account exists (or, for a guest, may buy) on window day {@code d}. */
    boolean exists(int a, int d) {
        return created[a] <= d;
    }

    /** Expected {@code hub_opened} sessions of account {@code a} on day {@code d} (0 before creation). */
    double hubRate(int a, int d) {
        int c = created[a];
        if (c > d || guest[a]) {
            return 0;
        }
        float churn = d < churnDay[a] ? 1f : CHURNED;
        return hubBase * hubPropensity[a] * calendar.hubSeason(d) * hubEngagement[d - c] * churn;
    }

    /** Expected orders of account {@code a} on day {@code d}, besides those following hub interactions. */
    double orderRate(int a, int d) {
        int c = created[a];
        if (c > d) {
            return 0;
        }
        if (guest[a]) {
            return 0.5 * orderBase * orderPropensity[a] * calendar.orderSeason(d);
        }
        float churn = d < churnDay[a] ? 1f : CHURNED;
        return orderBase * orderPropensity[a] * calendar.orderSeason(d) * orderEngagement[d - c] * churn;
    }

    /**
     * An upper bound of {@code hubRate + orderRate + changeRate} of account {@code a} on every day
     * from {@code d} on (a day it exists): seasons at their peak, engagement and churn as on day
     * {@code d}, since both only decline with age.
     */
    double rateBound(int a, int d) {
        int c = created[a];
        if (guest[a]) {
            return 0.5 * orderBase * orderPropensity[a] * calendar.maxOrderSeason() + changeRate(a);
        }
        int age = Math.min(d - c, hubEngagement.length - 1);
        float churn = d < churnDay[a] ? 1f : CHURNED;
        return hubBase * hubPropensity[a] * calendar.maxHubSeason() * hubEngagement[age] * churn
                + orderBase * orderPropensity[a] * calendar.maxOrderSeason() * orderEngagement[age] * churn
                + changeRate(a);
    }

    /** Expected consent and contact changes of account {@code a} on a day it exists. */
    double changeRate(int a) {
        return guest[a] ? 0.3 * consentBase : consentBase + contactBase;
    }

    /** Of the changes, the share that are consent changes. */
    double consentShareOfChanges(int a) {
        return guest[a] ? 1.0 : consentBase / (consentBase + contactBase);
    }

    /**
     * The contact data and consents an account gives when it is created, packed: bit c = contact
     * of channel c valid, bit 3 + c = consent given for c, bit 6 + c = granted (when given).
     */
    int initialChannels(int a) {
        Rng rng = new Rng(Rng.hash(initialKey, a, 0));
        int bits = 0;
        for (int i = 0; i < CHANNELS; i++) {
            if (rng.chance(CONTACT_GIVEN[i])) {
                bits |= 1 << i;
            }
            if (rng.chance(0.8)) {
                bits |= 1 << (3 + i);
                if (rng.chance(CONSENT_GRANTED[i])) {
                    bits |= 1 << (6 + i);
                }
            }
        }
        return bits;
    }

    /** The external id of account {@code a}: mostly {@code c0001234}, some with non-ASCII letters. */
    String id(int a) {
        if (a % 101 == 100) {
            return "användare-" + a;
        }
        byte[] b = new byte[1 + Math.max(idWidth, 10)];
        b[0] = 'c';
        int end = digits(a, b, 1, idWidth);
        return new String(b, 0, end, StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes non-negative {@code value} in decimal at {@code pos}, zero-padded to {@code width}
     * digits; returns the position after it.
     */
    static int digits(int value, byte[] out, int pos, int width) {
        int n = 1;
        for (int v = value; v >= 10; v /= 10) {
            n++;
        }
        int len = Math.max(n, width);
        int end = pos + len;
        int v = value;
        for (int i = end - 1; i >= pos; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return end;
    }

    /** {@code value} in decimal, zero-padded to {@code width} digits (locale-independent). */
    static String padded(int value, int width) {
        String digits = Integer.toString(value);
        if (digits.length() >= width) {
            return digits;
        }
        char[] out = new char[width];
        int pad = width - digits.length();
        for (int i = 0; i < pad; i++) {
            out[i] = '0';
        }
        digits.getChars(0, digits.length(), out, pad);
        return new String(out);
    }
}
