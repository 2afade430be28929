/**
 * Daybit's data generator: realistic, seeded event streams for tests, benchmarks and load tests.
 * The library is {@link io.daybit.datagen.gen.Generator} with its
 * {@link io.daybit.datagen.profile.GeneratorConfig}; {@link io.daybit.datagen.Main} is the command
 * line ({@code java -jar data-gen/target/daybit-data-gen.jar --help}).
 */
package io.daybit.datagen;
