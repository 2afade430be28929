package io.daybit.bench.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What Linux says about a process: open file descriptors ({@code /proc/PID/fd}), threads and
 * resident memory ({@code /proc/PID/status}). Null figures when the process is gone.
 */
final class ProcessProbe {
    private ProcessProbe() {
    }

    /** One reading. */
    record Reading(Integer fds, Integer threads, Long rssBytes) {
    }

    static Reading read(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            int open = (int) fds.count();
            List<String> status = Files.readAllLines(proc.resolve("status"));
            Integer threads = null;
            Long rss = null;
            for (String line : status) {
                if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.substring(8).strip());
                } else if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.substring(6).replace("kB", "").strip()) * 1024;
                }
            }
            return new Reading(open, threads, rss);
        } catch (IOException | RuntimeException e) {
            return new Reading(null, null, null);
        }
    }
}
