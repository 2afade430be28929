package io.daybit.bench.soak;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code bench/run.sh soak [minutes] [--data-dir DIR] [--rate EVENTS_PER_S]
 * [--segment-size SIZE] [--snapshot-every SIZE]}: runs a soak against
 * {@code server/target/daybit-server.jar}, writes {@code bench/results/soak.json} and {@code soak.md},
 * prints the markdown, and exits 1 when anything failed. Without {@code --data-dir} the data goes to a
 * new temporary directory, kept after the run with the processes' logs.
 */
public final class SoakMain {
    private SoakMain() {
    }

    public static void main(String[] args) throws Exception {
        double minutes = 30;
        Path dataDir = null;
        Double rate = null;
        Path results = Path.of("bench/results");
        Path jar = Path.of("server/target/daybit-server.jar");
        String segment = null;
        String snapshot = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                case "--rate" -> rate = Double.valueOf(args[++i]);
                case "--results" -> results = Path.of(args[++i]);
                case "--server-jar" -> jar = Path.of(args[++i]);
                case "--segment-size" -> segment = args[++i];
                case "--snapshot-every" -> snapshot = args[++i];
                default -> minutes = Double.parseDouble(args[i]);
            }
        }
        if (!Files.isRegularFile(jar)) {
            System.err.println("soak: " + jar + " is missing: build with mvn -B -q -pl server -am package -DskipTests");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("daybit-soak-");
        if (dataDir == null) {
            dataDir = work.resolve("data");
        }
        SoakSettings s = SoakSettings.defaults(minutes, jar, dataDir, work, results);
        if (rate != null) {
            s = s.withRate(rate);
        }
        if (segment != null || snapshot != null) {
            s = s.withFiles(segment == null ? s.segmentSize() : segment, snapshot == null ? s.snapshotEvery() : snapshot);
        }
        System.out.println("soak: " + minutes + " minutes, data in " + dataDir + ", logs in " + work);
        Soak.Result r = Soak.run(s);
        System.out.println(r.markdown());
        if (!r.passed()) {
            System.err.println("soak FAILED:");
            r.failures().forEach(f -> System.err.println("  " + f));
            System.exit(1);
        }
    }
}
