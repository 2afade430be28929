package io.daybit.engine.persist;

import io.daybit.engine.Dataset;
import io.daybit.engine.Engine;
import io.daybit.engine.codec.Rejection;
import io.daybit.engine.ingest.IngestResult;
import io.daybit.engine.model.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills a process that is ingesting (SIGKILL, no shutdown hook runs) at random moments, round after
 * round, restarting it each time to retry every batch not acknowledged yet with its idempotency
 * key; then checks that every batch is in the data exactly once, and that the answers equal those
 * of an in-memory engine fed every batch once.
 */
class CrashRecoveryTest {
    private static final long SEED = 77;
    private static final int ROUNDS = 8;

    @TempDir
    Path dir;

    @Test
    void killedAtRandomMomentsTheEngineLosesNoAcknowledgedBatchAndAppliesNoneTwice() throws Exception {
        List<List<Event>> batches = CrashWorkload.batches(SEED);
        Path data = dir.resolve("data");
        Map<Integer, String> acked = new HashMap<>();
        Random rnd = new Random(SEED);
        int killedDuringIngest = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<Integer> todo = new ArrayList<>();
            for (int b = 0; b < batches.size(); b++) {
                if (!acked.containsKey(b)) {
                    todo.add(b);
                }
            }
            // every other round also resends batches already acknowledged: they must not apply again
            if (round % 2 == 1) {
                acked.keySet().stream().filter(b -> rnd.nextInt(4) == 0).forEach(todo::add);
            }
            Path todoFile = dir.resolve("todo-" + round);
            Files.write(todoFile, todo.stream().map(String::valueOf).collect(Collectors.toList()));
            Process p = start(data, todoFile, round);
            LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> readLines(p, lines));
            reader.start();
            boolean byTime = round % 2 == 0;
            long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300 + rnd.nextInt(1500));
            int killAfterAcks = 1 + rnd.nextInt(25);
            int acksThisRound = 0;
            boolean done = false;
            while (!done) {
                long wait = byTime ? Math.max(1, killAt - System.nanoTime()) : TimeUnit.SECONDS.toNanos(60);
                String line = lines.poll(wait, TimeUnit.NANOSECONDS);
                if (line == null) {
                    assertTrue(byTime, "round " + round + ": no output for 60 s");
                    break;
                }
                if (line.startsWith("ACK ")) {
                    record(line, acked, round);
                    acksThisRound++;
                    if (!byTime && acksThisRound >= killAfterAcks) {
                        break;
                    }
                } else if (line.equals("DONE") || line.equals("EOF")) {
                    done = true;
                }
            }
            boolean killed = p.isAlive();
            if (killed) {
                p.destroyForcibly(); // SIGKILL
                killedDuringIngest++;
            }
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            if (!killed && p.exitValue() != 0) {
                throw new AssertionError("round " + round + ": the process failed:\n"
                        + Files.readString(dir.resolve("stderr-" + round + ".txt")));
            }
            reader.join(10_000);
            // lines the process printed before it died were seen by the client: they are acknowledged
            String line;
            while ((line = lines.poll()) != null) {
                if (line.startsWith("ACK ")) {
                    record(line, acked, round);
                }
            }
        }
        assertTrue(killedDuringIngest >= ROUNDS / 2, "only " + killedDuringIngest + " rounds were killed");
        int tornTails = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String err = Files.readString(dir.resolve("stderr-" + round + ".txt"));
            tornTails += err.split("torn or damaged record", -1).length - 1;
        }
        int snapshots = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String err = Files.readString(dir.resolve("stderr-" + round + ".txt"));
            snapshots += err.split("snapshot as of record", -1).length - 1;
        }
        System.out.printf("crash test: %d rounds, %d killed while running, %d of %d batches acknowledged before "
                + "the final retry, %d torn log tails repaired, %d snapshots written%n", ROUNDS, killedDuringIngest,
                acked.size(), batches.size(), tornTails, snapshots);

        try (Engine memory = Engine.inMemory(); Engine recovered = Engine.open(CrashWorkload.config(data))) {
            Dataset want = memory.createDataset(CrashWorkload.DATASET, CrashWorkload.settings());
            Dataset got = recovered.findDataset(CrashWorkload.DATASET)
                    .orElseGet(() -> recovered.createDataset(CrashWorkload.DATASET, CrashWorkload.settings()));
            long ackedEvents = 0;
            for (String a : acked.values()) {
                ackedEvents += Long.parseLong(a.split(" ")[0]);
            }
            long recoveredEvents = got.info().events();
            assertTrue(recoveredEvents >= ackedEvents, "recovered " + recoveredEvents + " events, acknowledged "
                    + ackedEvents);
            System.out.printf("crash test: %d events recovered, %d in acknowledged batches, the rest in batches "
                    + "stored but killed before their answer%n", recoveredEvents, ackedEvents);
            for (int b = 0; b < batches.size(); b++) {
                IngestResult expected = want.ingest(batches.get(b));
                IngestResult retried = got.ingest(batches.get(b), CrashWorkload.key(b));
                // a batch stored before the kill is answered again (a replay), one never stored is applied now
                assertEquals(expected, new IngestResult(retried.accepted(), retried.rejected()), "batch " + b);
                if (acked.containsKey(b)) {
                    assertTrue(retried.replayed(), "an acknowledged batch is not applied again: batch " + b);
                    assertEquals(answer(expected), acked.get(b), "the acknowledged answer of batch " + b);
                }
            }
            var first = CrashWorkload.CONFIG.firstDay();
            var last = CrashWorkload.CONFIG.lastDay();
            assertEquals(EngineAnswers.of(want, first, last, SEED), EngineAnswers.of(got, first, last, SEED));
        }
        try (Engine again = Engine.open(CrashWorkload.config(data)); Engine memory = Engine.inMemory()) {
            Dataset want = memory.createDataset(CrashWorkload.DATASET, CrashWorkload.settings());
            batches.forEach(want::ingest);
            var first = CrashWorkload.CONFIG.firstDay();
            var last = CrashWorkload.CONFIG.lastDay();
            assertEquals(EngineAnswers.of(want, first, last, SEED),
                    EngineAnswers.of(again.dataset(CrashWorkload.DATASET), first, last, SEED));
        }
    }

    private static void record(String line, Map<Integer, String> acked, int round) {
        int batch = Integer.parseInt(line.split(" ")[1]);
        String answer = line.substring(line.indexOf(' ', 4) + 1);
        String before = acked.putIfAbsent(batch, answer);
        if (before != null) {
            assertEquals(before, answer, "round " + round + ": batch " + batch + " answered differently on retry");
        }
    }

    private static String answer(IngestResult r) {
        StringBuilder s = new StringBuilder().append(r.accepted());
        for (Rejection rej : r.rejected()) {
            s.append(' ').append(rej.line());
        }
        return s.toString();
    }

    private Process start(Path data, Path todo, int round) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle")) {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashIngestMain.class.getName());
        command.add(data.toString());
        command.add(String.valueOf(SEED));
        command.add(todo.toString());
        command.add("3");
        return new ProcessBuilder(command)
                .redirectError(dir.resolve("stderr-" + round + ".txt").toFile())
                .start();
    }

    private static void readLines(Process p, LinkedBlockingQueue<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process died mid-line: the partial line was never a complete acknowledgement
        }
        lines.add("EOF");
    }
}
