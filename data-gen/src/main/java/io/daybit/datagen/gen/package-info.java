/**
 * The deterministic generator: {@link io.daybit.datagen.gen.Generator} streams the events of a
 * {@link io.daybit.datagen.profile.GeneratorConfig} as objects or as NDJSON.
 *
 * <p>How a stream comes about: every account has fixed traits (guest or not, creation day, a
 * log-normal propensity for the hub and one for buying, a churn day, a home store). On each day,
 * its number of hub sessions, orders and consent/contact changes are Poisson draws whose means are
 * the base rates times its propensity, the day's season and its age. A session carries service and
 * hub product interactions; some of these lead to an order within hours (inside a 24-hour
 * attribution window) or days (outside it); some purchases are refunded weeks later; some events
 * arrive late. The output is day by day, account by account.
 *
 * <p>Determinism: each draw comes from a SplitMix64 sequence seeded by a hash of (seed, account,
 * day, purpose), and transcendental functions come from {@link java.lang.StrictMath}; no hash map
 * order, clock or thread schedule is ever consulted.
 */
package io.daybit.datagen.gen;
