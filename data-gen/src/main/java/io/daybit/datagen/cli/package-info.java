/**
 * The command line: {@link io.daybit.datagen.cli.GenerateCommand} (picocli) writes a stream to a
 * file or standard output, or posts it to a running server.
 */
package io.daybit.datagen.cli;
