/**
 * What to generate: {@link io.daybit.datagen.profile.GeneratorConfig} (size, time window, seed,
 * timezone, shares) with its per-kind {@link io.daybit.datagen.profile.EventRates}, and the named
 * profiles {@code demo()}, {@code quick()} and {@code full()}.
 *
 * <p>Rates are <em>base</em> rates: events per account per day for an account of average
 * propensity, on an average day, past its first weeks. The generator multiplies them by each
 * account's heavy-tailed propensity, by weekly and yearly seasonality and by the account's age
 * (new accounts are keener, churned ones mostly quiet), so the realised daily counts scatter
 * around them.
 */
package io.daybit.datagen.profile;
