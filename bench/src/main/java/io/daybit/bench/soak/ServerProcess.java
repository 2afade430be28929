package io.daybit.bench.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One life of the packaged server ({@code java -jar daybit-server.jar}) in a process of its own,
 * with a GC log of its own (unified logging, UTC time stamps) from which the heap after each GC is
 * read. Its stdout and stderr go to {@code server-N.log} in the work directory.
 */
final class ServerProcess {
    private static final String LISTENING = "listening on ";

    private final Process process;
    private final Path gcLog;
    private final String url;

    private ServerProcess(Process process, Path gcLog, String url) {
        this.process = process;
        this.gcLog = gcLog;
        this.url = url;
    }

    /**
     * Starts life {@code life} of the server and returns once it prints that it listens.
     *
     * @param port 0 for a free port (the first life), then the same port again
     */
    static ServerProcess start(SoakSettings s, Path work, int life, int port) throws IOException, InterruptedException {
        Path gc = work.resolve("gc-" + life + ".log");
        Path out = work.resolve("server-" + life + ".log");
        List<String> cmd = new ArrayList<>(List.of(Java.binary(), "-Xmx" + s.serverHeap(),
                "-Xlog:gc:file=" + gc + ":utctime", "-jar", s.serverJar().toString(),
                "--port", Integer.toString(port), "--no-demo", "--data-dir", s.dataDir().toString(),
                "--segment-size", s.segmentSize(), "--snapshot-every", s.snapshotEvery(),
                "--expected-accounts", Long.toString(s.stream().accounts())));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String url = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (url == null) {
            String line = lines.readLine();
            if (line == null || System.nanoTime() > deadline) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("the server did not start: " + seen);
            }
            seen.append(line).append('\n');
            if (line.startsWith(LISTENING)) {
                url = line.substring(LISTENING.length()).strip();
            }
        }
        Files.writeString(out, seen);
        Thread copier = new Thread(() -> copy(lines, out), "server-" + life + "-output");
        copier.setDaemon(true);
        copier.start();
        return new ServerProcess(p, gc, url);
    }

    private static void copy(BufferedReader lines, Path out) {
        try (var w = Files.newBufferedWriter(out, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND)) {
            String line;
            while ((line = lines.readLine()) != null) {
                w.write(line);
                w.newLine();
                w.flush();
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    String url() {
        return url;
    }

    int port() {
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }

    Process process() {
        return process;
    }

    long pid() {
        return process.pid();
    }

    Path gcLog() {
        return gcLog;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** {@code kill -9}: no shutdown hook, no flush, no clean close. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the server's shutdown hook closes it cleanly; returns its exit status. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }
}
