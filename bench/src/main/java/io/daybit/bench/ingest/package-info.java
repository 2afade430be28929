/** JMH benchmark of ingest through the engine's single writer, alone and with concurrent readers. */
package io.daybit.bench.ingest;
