package io.daybit.datagen.cli;

import io.daybit.datagen.gen.GenerationStats;
import io.daybit.datagen.gen.Generator;
import io.daybit.datagen.gen.ProgressListener;
import io.daybit.datagen.io.ConsoleProgress;
import io.daybit.datagen.io.HttpLoader;
import io.daybit.datagen.io.LoadReport;
import io.daybit.datagen.io.Outputs;
import io.daybit.datagen.profile.EventRates;
import io.daybit.datagen.profile.GeneratorConfig;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.InvalidRequestException;
import io.daybit.engine.model.EventType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code daybit-data-gen}: generate a seeded event stream to a file, standard output or a server. */
@Command(name = "daybit-data-gen", mixinStandardHelpOptions = true, version = "daybit-data-gen 0.1.0",
        sortOptions = false, usageHelpWidth = 100,
        description = {"Generates a realistic, seeded stream of Daybit events as NDJSON: the same options "
                + "give the same bytes on any machine and thread count.",
            "Writes to a file (.gz compresses) or standard output, or posts batches to a running server "
                + "with --target."},
        footer = {"", "Examples:",
            "  java -jar daybit-data-gen.jar --profile full --out full.ndjson.gz",
            "  java -jar daybit-data-gen.jar --accounts 2000 --days 90 --end today --invalid-share 0.01 | head",
            "  java -jar daybit-data-gen.jar --profile quick --rate 50000 \\",
            "      --target http://127.0.0.1:7070 --dataset load"})
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "demo",
            description = "demo (10,000 accounts x 400 days), quick (50,000 x 365) or full (1,000,000 x 730); "
                    + "the options below override its parts. Default: ${DEFAULT-VALUE}.")
    private String profile;

    @Option(names = {"-a", "--accounts"}, paramLabel = "N", description = "Number of accounts, guests included.")
    private Integer accounts;

    @Option(names = {"-d", "--days"}, paramLabel = "D", description = "Days in the window.")
    private Integer days;

    @Option(names = "--end", paramLabel = "YYYY-MM-DD",
            description = "Last day of the window, or 'today' (in --timezone). Default: 2025-12-31, so that "
                    + "output never depends on the clock.")
    private String end;

    @Option(names = {"-s", "--seed"}, paramLabel = "S", description = "Seed of every random choice. Default: 1.")
    private Long seed;

    @Option(names = {"-z", "--timezone"}, paramLabel = "ZONE",
            description = "IANA zone of the days, opening hours and most timestamps. Default: Europe/Stockholm.")
    private String timezone;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "-",
            description = "Where to write: a file (a name ending in .gz is compressed) or - for standard output. "
                    + "Default: ${DEFAULT-VALUE}.")
    private String out;

    @Option(names = "--rate-hub-opened", paramLabel = "R", description = "hub_opened per account per day (base rate).")
    private Double rateHubOpened;

    @Option(names = "--rate-service", paramLabel = "R", description = "service interactions per account per day.")
    private Double rateService;

    @Option(names = "--rate-hub-product", paramLabel = "R", description = "hub_product interactions per account per day.")
    private Double rateHubProduct;

    @Option(names = "--rate-order", paramLabel = "R",
            description = "Orders per account per day, besides those following hub interactions.")
    private Double rateOrder;

    @Option(names = "--refund-share", paramLabel = "S", description = "Share of purchases refunded later, 0-1.")
    private Double refundShare;

    @Option(names = "--rate-consent", paramLabel = "R", description = "consent changes per account per day.")
    private Double rateConsent;

    @Option(names = "--rate-contact", paramLabel = "R", description = "contact changes per account per day.")
    private Double rateContact;

    @Option(names = "--stores", paramLabel = "NAME,...", split = ",",
            description = "Store names, comma separated.")
    private List<String> stores;

    @Option(names = "--store-share", paramLabel = "S", description = "Share of orders placed in a store, 0-1.")
    private Double storeShare;

    @Option(names = "--guest-share", paramLabel = "S", description = "Share of accounts that never sign up, 0-1.")
    private Double guestShare;

    @Option(names = "--existing-share", paramLabel = "S",
            description = "Share of accounts created in the year before the window, 0-1.")
    private Double existingShare;

    @Option(names = "--late-share", paramLabel = "S", description = "Share of events arriving 1-30 days late, 0-1.")
    private Double lateShare;

    @Option(names = "--invalid-share", paramLabel = "S",
            description = "Share of lines that are invalid events (rejected by the engine), at most one half. "
                    + "Default: 0.")
    private Double invalidShare;

    @Option(names = {"-t", "--threads"}, paramLabel = "T",
            description = "Threads generating (the output is the same for any number). Default: the processors.")
    private Integer threads;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar and no summary.")
    private boolean quiet;

    @Option(names = "--target", paramLabel = "URL",
            description = "Post the stream to the Daybit server at URL instead of writing it.")
    private URI target;

    @Option(names = "--dataset", paramLabel = "NAME", description = "The dataset to post to (with --target).")
    private String dataset;

    @Option(names = "--rate", paramLabel = "EVENTS/S", defaultValue = "0",
            description = "Events per second to post, 0 for as fast as the server takes them. Default: ${DEFAULT-VALUE}.")
    private double rate;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
            description = "Requests in flight at most. Default: ${DEFAULT-VALUE}.")
    private int concurrency;

    @Option(names = "--batch-size", paramLabel = "LINES", defaultValue = "1000",
            description = "Lines per request. Default: ${DEFAULT-VALUE}.")
    private int batchSize;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "5",
            description = "Retries of a batch after 429, 503 or an I/O error, with the same Idempotency-Key. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int retries;

    @Option(names = "--idempotency-prefix", paramLabel = "P",
            description = "Idempotency keys are P-1, P-2, ...; repeat a run's prefix to make the server skip "
                    + "what it applied already. Default: a random one per run.")
    private String idempotencyPrefix;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token for the server.")
    private String token;

    @Option(names = "--no-create", description = "Do not create the dataset (by default it is created with "
            + "--timezone when missing).")
    private boolean noCreate;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        GeneratorConfig config;
        try {
            config = config();
        } catch (InvalidRequestException | IllegalArgumentException e) {
            err.println("daybit-data-gen: " + e.getMessage());
            return 2;
        }
        int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (threadCount < 1 || threadCount > 256) {
            err.println("daybit-data-gen: threads must be 1-256, got " + threadCount);
            return 2;
        }
        if (target == null && dataset != null) {
            err.println("daybit-data-gen: --dataset needs --target");
            return 2;
        }
        return target != null ? post(config, threadCount, err) : write(config, threadCount, err);
    }

    private int write(GeneratorConfig config, int threadCount, PrintWriter err) throws IOException {
        Generator generator = new Generator(config);
        ProgressListener progress = ConsoleProgress.forConsole(quiet);
        long start = System.nanoTime();
        GenerationStats stats;
        try (OutputStream stream = Outputs.open(out)) {
            stats = generator.writeNdjson(stream, threadCount, progress);
        } catch (UncheckedIOException e) {
            if ("-".equals(out)) {
                return 0; // the reader went away (| head): what it read is what it wanted
            }
            throw e.getCause();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!quiet) {
            err.printf(Locale.ROOT, "wrote %,d events and %,d invalid lines (%,.1f MB) to %s in %.2f s: %,.0f lines/s%n",
                    stats.events(), stats.invalidLines(), stats.bytes() / 1e6, "-".equals(out) ? "stdout" : out,
                    seconds, stats.lines() / seconds);
            err.println(byType(stats));
        }
        err.flush();
        return 0;
    }

    private int post(GeneratorConfig config, int threadCount, PrintWriter err) throws Exception {
        if (dataset == null) {
            err.println("daybit-data-gen: --target needs --dataset");
            return 2;
        }
        HttpLoader loader;
        try {
            loader = new HttpLoader(new HttpLoader.Options(target, dataset, rate, concurrency, batchSize, retries,
                    idempotencyPrefix != null ? idempotencyPrefix : UUID.randomUUID().toString(), token,
                    Duration.ofSeconds(60)));
        } catch (IllegalArgumentException e) {
            err.println("daybit-data-gen: " + e.getMessage());
            return 2;
        }
        if (!noCreate) {
            try {
                boolean created = loader.createDataset(config.timezone());
                if (!quiet) {
                    err.println((created ? "created" : "found") + " dataset '" + dataset + "' at " + target);
                }
            } catch (IOException e) {
                err.println("daybit-data-gen: " + e.getMessage());
                return 1;
            }
        }
        Generator generator = new Generator(config);
        ProgressListener progress = ConsoleProgress.forConsole(quiet);
        GenerationStats stats;
        try (OutputStream batches = loader.batchingStream()) {
            stats = generator.writeNdjson(batches, threadCount, progress);
        } catch (IllegalStateException | UncheckedIOException e) {
            LoadReport report = loader.finish();
            err.println("daybit-data-gen: stopped: " + e.getMessage());
            spec.commandLine().getOut().print(report.summary());
            spec.commandLine().getOut().flush();
            return 1;
        }
        LoadReport report = loader.finish();
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(report.summary());
        stdout.flush();
        if (!quiet) {
            err.println("generated " + byType(stats));
            err.flush();
        }
        return report.failedBatches() == 0 ? 0 : 1;
    }

    private GeneratorConfig config() {
        GeneratorConfig base;
        switch (profile) {
            case "demo" -> base = GeneratorConfig.demo();
            case "quick" -> base = GeneratorConfig.quick();
            case "full" -> base = GeneratorConfig.full();
            default -> throw new IllegalArgumentException("unknown profile '" + profile + "' (allowed: demo, quick, full)");
        }
        GeneratorConfig.Builder b = base.toBuilder();
        ZoneId zone = timezone != null ? DatasetSettings.parseZone(timezone) : base.timezone();
        b.timezone(zone);
        if (accounts != null) {
            b.accounts(accounts);
        }
        if (days != null) {
            b.days(days);
        }
        if (end != null) {
            try {
                b.end("today".equals(end) ? LocalDate.now(zone) : LocalDate.parse(end));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("end must be a day such as 2025-12-31, or 'today', got '" + end + "'");
            }
        }
        if (seed != null) {
            b.seed(seed);
        }
        EventRates r = base.rates();
        r = rateHubOpened != null ? r.withHubOpened(rateHubOpened) : r;
        r = rateService != null ? r.withService(rateService) : r;
        r = rateHubProduct != null ? r.withHubProduct(rateHubProduct) : r;
        r = rateOrder != null ? r.withOrder(rateOrder) : r;
        r = refundShare != null ? r.withRefund(refundShare) : r;
        r = rateConsent != null ? r.withConsent(rateConsent) : r;
        r = rateContact != null ? r.withContact(rateContact) : r;
        b.rates(r);
        if (stores != null) {
            b.stores(stores.stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
        }
        if (storeShare != null) {
            b.storeShare(storeShare);
        }
        if (guestShare != null) {
            b.guestShare(guestShare);
        }
        if (existingShare != null) {
            b.existingShare(existingShare);
        }
        if (lateShare != null) {
            b.lateShare(lateShare);
        }
        if (invalidShare != null) {
            b.invalidShare(invalidShare);
        }
        return b.build();
    }

    private static String byType(GenerationStats stats) {
        StringBuilder sb = new StringBuilder();
        for (EventType t : EventType.values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(t.wireName()).append(' ')
                    .append(String.format(Locale.ROOT, "%,d", stats.count(t)));
        }
        sb.append(String.format(Locale.ROOT, "; %,d late", stats.lateEvents()));
        return sb.toString();
    }
}
