/**
 * Where generated streams go: files (optionally gzip-compressed) and standard output
 * ({@link io.daybit.datagen.io.Outputs}), or a running Daybit server over HTTP at a steady rate
 * ({@link io.daybit.datagen.io.HttpLoader} with its {@link io.daybit.datagen.io.RateLimiter}); and
 * the progress bar of long runs ({@link io.daybit.datagen.io.ConsoleProgress}).
 */
package io.daybit.datagen.io;
