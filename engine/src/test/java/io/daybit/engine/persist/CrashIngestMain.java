package io.daybit.engine.persist;

import io.daybit.engine.Dataset;
import io.daybit.engine.Engine;
import io.daybit.engine.codec.Rejection;
import io.daybit.engine.ingest.IngestResult;
import io.daybit.engine.model.Event;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process that {@link CrashRecoveryTest} kills: opens a persistent engine, then ingests the
 * batches listed in a file from several threads, each with its idempotency key, printing
 * {@code ACK batch accepted rejected-lines} on stdout as soon as a batch's answer is back: from
 * that moment the batch must survive anything.
 *
 * <p>Arguments: data directory, workload seed, file of batch numbers to send, threads.
 */
public final class CrashIngestMain {
    private CrashIngestMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        List<Integer> todo = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[2]))) {
            if (!line.isBlank()) {
                todo.add(Integer.parseInt(line.trim()));
            }
        }
        int threads = Integer.parseInt(args[3]);
        List<List<Event>> batches = CrashWorkload.batches(seed);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, "UTF-8");
        try (Engine engine = Engine.open(CrashWorkload.config(data))) {
            Dataset d = engine.findDataset(CrashWorkload.DATASET)
                    .orElseGet(() -> engine.createDataset(CrashWorkload.DATASET, CrashWorkload.settings()));
            say(out, "READY " + d.info().events());
            AtomicInteger next = new AtomicInteger();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < todo.size()) {
                        int b = todo.get(i);
                        IngestResult r = d.ingest(batches.get(b), CrashWorkload.key(b));
                        StringBuilder line = new StringBuilder("ACK ").append(b).append(' ').append(r.accepted());
                        for (Rejection rej : r.rejected()) {
                            line.append(' ').append(rej.line());
                        }
                        say(out, line.toString());
                    }
                });
                w.start();
                workers.add(w);
            }
            for (Thread w : workers) {
                w.join();
            }
            say(out, "DONE");
        }
    }

    private static void say(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
