package io.daybit.bench.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The log segments and snapshots in the data directory: how many there are now, and every name ever
 * seen, which shows segments rolling and snapshots being written (and the old ones deleted).
 */
final class DataDirWatch {
    private final Path dataDir;
    private final Set<String> segmentsSeen = new HashSet<>();
    private final Set<String> snapshotsSeen = new HashSet<>();

    DataDirWatch(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Counts now: {segments, snapshots}. */
    int[] look() {
        int[] counts = new int[2];
        if (!Files.isDirectory(dataDir)) {
            return counts;
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String dir = f.getParent().getFileName().toString();
                String name = f.getFileName().toString();
                if (dir.equals("log") && name.endsWith(".log")) {
                    segmentsSeen.add(name);
                    counts[0]++;
                } else if (dir.equals("snapshots") && name.endsWith(".snap")) {
                    snapshotsSeen.add(name);
                    counts[1]++;
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // a file deleted while walking: the next look counts it right
        }
        return counts;
    }

    int segmentsCreated() {
        return segmentsSeen.size();
    }

    int snapshotsWritten() {
        return snapshotsSeen.size();
    }

    List<String> snapshotNames() {
        return snapshotsSeen.stream().sorted().toList();
    }
}
