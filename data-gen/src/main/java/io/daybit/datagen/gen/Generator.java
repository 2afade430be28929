package io.daybit.datagen.gen;

import io.daybit.datagen.profile.GeneratorConfig;
import io.daybit.engine.codec.EventEncoder;
import io.daybit.engine.codec.TimestampStyle;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.EventType;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Generates the event stream that a {@link GeneratorConfig} describes, deterministically: the same
 * configuration always gives the same events in the same order, and the same bytes once written,
 * whatever the machine or the number of threads. The stream is produced day by day and never held
 * whole (the full profile would not fit in memory as objects); only the accounts' traits and the
 * events scheduled for later days are kept.
 *
 * <pre>{@code
 * Generator generator = new Generator(GeneratorConfig.demo().withEnd(LocalDate.now(zone)));
 * generator.batches(10_000, dataset::ingest);                      // objects, valid events only
 * generator.writeNdjson(out, 2, ProgressListener.NONE);            // NDJSON, invalid lines included
 * }</pre>
 *
 * <p>Building a generator draws every account's traits (about a second for a million accounts);
 * each run then starts from the beginning of the stream, so a generator can be run many times, one
 * run at a time.
 */
public final class Generator {
    /** Days generated ahead of the one being written, per chunk of accounts. */
    private static final int LOOKAHEAD = 3;
    /** Accounts per chunk below which splitting the work costs more than it saves. */
    private static final int MIN_CHUNK = 2048;

    private final GeneratorConfig config;
    private final Calendar calendar;
    private final Catalog catalog;
    private final Population population;
    private final double[] progressAfterDay;

    /** Draws the accounts' traits of {@code config}. */
    public Generator(GeneratorConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.calendar = new Calendar(config.start(), config.days(), config.timezone());
        this.catalog = new Catalog(config.seed(), config.stores());
        this.population = new Population(config, calendar, catalog);
        this.progressAfterDay = progressWeights();
    }

    /** The accounts' traits, for tests that check the stream against its expected rates. */
    Population population() {
        return population;
    }

    /** The window's days, for tests. */
    Calendar calendar() {
        return calendar;
    }

    /** The configuration this generator follows. */
    public GeneratorConfig config() {
        return config;
    }

    /** Hands every valid event to {@code action}, in stream order. */
    public GenerationStats forEach(Consumer<? super Event> action) {
        Objects.requireNonNull(action, "action");
        return stream(action::accept);
    }

    /** Hands the valid events to {@code action} in lists of {@code size} (the last one shorter), in stream order. */
    public GenerationStats batches(int size, Consumer<? super List<Event>> action) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + size);
        }
        List<Event> batch = new ArrayList<>(Math.min(size, 65_536));
        GenerationStats stats = stream(e -> {
            batch.add(e);
            if (batch.size() == size) {
                action.accept(new ArrayList<>(batch));
                batch.clear();
            }
        });
        if (!batch.isEmpty()) {
            action.accept(new ArrayList<>(batch));
        }
        return stats;
    }

    /** Hands the whole stream, invalid lines included, to {@code sink} on this thread. */
    public GenerationStats stream(EventSink sink) {
        Objects.requireNonNull(sink, "sink");
        ChunkGenerator chunk = new ChunkGenerator(config, population, calendar, catalog, 0, population.size());
        Emitter emitter = new Emitter() {
            @Override
            public void event(Event event, TimestampStyle style) {
                sink.event(event);
            }

            @Override
            public void invalidLine(String line) {
                sink.invalidLine(line);
            }
        };
        for (int d = 0; d < config.days(); d++) {
            chunk.day(d, emitter);
        }
        return GenerationStats.of(chunk.byType(), chunk.invalidLines(), chunk.lateEvents(), 0);
    }

    /**
     * Writes the stream as NDJSON (UTF-8, one event per line, invalid lines included) to
     * {@code out}, which it does not close. Up to {@code threads} threads generate and encode
     * accounts' chunks in parallel; the calling thread writes them in order, so the bytes are the
     * same for any number of threads.
     */
    public GenerationStats writeNdjson(OutputStream out, int threads, ProgressListener progress) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(progress, "progress");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        int accounts = population.size();
        int chunks = threads == 1 ? 1 : Math.max(1, Math.min(4 * threads, accounts / MIN_CHUNK));
        List<ChunkEncoder> encoders = new ArrayList<>(chunks);
        SegmentPool segments = new SegmentPool();
        for (int c = 0; c < chunks; c++) {
            int from = (int) ((long) accounts * c / chunks);
            int to = (int) ((long) accounts * (c + 1) / chunks);
            encoders.add(new ChunkEncoder(new ChunkGenerator(config, population, calendar, catalog, from, to),
                    segments));
        }
        long lines = 0;
        long bytes = 0;
        try {
            if (chunks == 1) {
                ChunkEncoder only = encoders.get(0);
                for (int d = 0; d < config.days(); d++) {
                    DayBytes day = only.day(d);
                    bytes += day.writeTo(out, segments);
                    lines += day.lines;
                    progress.progress(lines, progressAfterDay[d]);
                }
            } else {
                ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                    Thread t = new Thread(r, "daybit-datagen");
                    t.setDaemon(true);
                    return t;
                });
                try {
                    List<CompletableFuture<DayBytes>> tail = new ArrayList<>(chunks);
                    ArrayDeque<List<CompletableFuture<DayBytes>>> ahead = new ArrayDeque<>();
                    int submitted = 0;
                    for (int d = 0; d < config.days(); d++) {
                        while (submitted < config.days() && submitted <= d + LOOKAHEAD) {
                            ahead.add(submitDay(submitted++, encoders, tail, pool));
                        }
                        for (CompletableFuture<DayBytes> part : ahead.poll()) {
                            DayBytes day = join(part);
                            bytes += day.writeTo(out, segments);
                            lines += day.lines;
                        }
                        progress.progress(lines, progressAfterDay[d]);
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long[] byType = new long[EventType.values().length];
        long invalid = 0;
        long late = 0;
        for (ChunkEncoder e : encoders) {
            for (int t = 0; t < byType.length; t++) {
                byType[t] += e.generator.byType()[t];
            }
            invalid += e.generator.invalidLines();
            late += e.generator.lateEvents();
        }
        return GenerationStats.of(byType, invalid, late, bytes);
    }

    private static List<CompletableFuture<DayBytes>> submitDay(int day, List<ChunkEncoder> encoders,
                                                               List<CompletableFuture<DayBytes>> tail,
                                                               ExecutorService pool) {
        List<CompletableFuture<DayBytes>> row = new ArrayList<>(encoders.size());
        for (int c = 0; c < encoders.size(); c++) {
            ChunkEncoder encoder = encoders.get(c);
            // a chunk's days run one after the other: each waits for the chunk's previous day
            CompletableFuture<DayBytes> next = c < tail.size()
                    ? tail.get(c).thenApplyAsync(previous -> encoder.day(day), pool)
                    : CompletableFuture.supplyAsync(() -> encoder.day(day), pool);
            if (c < tail.size()) {
                tail.set(c, next);
            } else {
                tail.add(next);
            }
            row.add(next);
        }
        return row;
    }

    private static DayBytes join(CompletableFuture<DayBytes> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        }
    }

    /** Cumulative share of the expected work after each day: days weighted by live accounts and season. */
    private double[] progressWeights() {
        int days = config.days();
        long[] newAccounts = new long[days];
        long live = 0;
        for (int a = 0; a < population.size(); a++) {
            int c = population.created(a);
            if (c < 0) {
                live++;
            } else {
                newAccounts[c]++;
            }
        }
        double[] out = new double[days];
        double sum = 0;
        for (int d = 0; d < days; d++) {
            live += newAccounts[d];
            sum += live * (double) calendar.hubSeason(d) + newAccounts[d] * 3.0;
            out[d] = sum;
        }
        for (int d = 0; d < days; d++) {
            out[d] = sum == 0 ? 1.0 : out[d] / sum;
        }
        return out;
    }

    /**
     * One chunk's encoded day, in segments of {@link SegmentPool#SIZE} bytes: a day of a big chunk
     * is megabytes, and arrays that large would be allocated straight into the old generation
     * (G1's humongous objects) and cost a collection each; pooled segments cost nothing.
     */
    private record DayBytes(List<byte[]> segments, int lastLength, int lines) {
        /** Writes the day, gives the segments back to the pool, and returns the bytes written. */
        long writeTo(OutputStream out, SegmentPool pool) throws IOException {
            long written = 0;
            for (int i = 0; i < segments.size(); i++) {
                byte[] segment = segments.get(i);
                int length = i == segments.size() - 1 ? lastLength : segment.length;
                out.write(segment, 0, length);
                written += length;
                pool.release(segment);
            }
            return written;
        }
    }

    /** Recycled output segments, shared by the chunks' threads and the writing thread. */
    private static final class SegmentPool {
        static final int SIZE = 128 * 1024;
        private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();

        byte[] take() {
            byte[] segment = free.poll();
            return segment != null ? segment : new byte[SIZE];
        }

        void release(byte[] segment) {
            free.offer(segment);
        }
    }

    /** A chunk's generator with its own NDJSON encoder and output segments; used by one thread at a time. */
    private final class ChunkEncoder extends OutputStream implements Emitter {
        final ChunkGenerator generator;
        private final SegmentPool pool;
        private final EventEncoder encoder;
        private List<byte[]> segments = new ArrayList<>();
        private byte[] current;
        private int position;
        private int lines;

        ChunkEncoder(ChunkGenerator generator, SegmentPool pool) {
            this.generator = generator;
            this.pool = pool;
            this.encoder = new EventEncoder(this, config.timezone());
        }

        DayBytes day(int d) {
            lines = 0;
            current = pool.take();
            position = 0;
            segments.add(current);
            generator.day(d, this);
            encoder.flush();
            DayBytes day = new DayBytes(segments, position, lines);
            segments = new ArrayList<>();
            current = null;
            return day;
        }

        @Override
        public void event(Event event, TimestampStyle style) {
            encoder.write(event, style);
            lines++;
        }

        @Override
        public void invalidLine(String line) {
            encoder.writeRawLine(line);
            lines++;
        }

        @Override
        public void write(int b) {
            if (position == current.length) {
                nextSegment();
            }
            current[position++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                if (position == current.length) {
                    nextSegment();
                }
                int n = Math.min(len, current.length - position);
                System.arraycopy(b, off, current, position, n);
                position += n;
                off += n;
                len -= n;
            }
        }

        private void nextSegment() {
            current = pool.take();
            position = 0;
            segments.add(current);
        }
    }
}
