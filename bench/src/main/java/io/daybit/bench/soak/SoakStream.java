package io.daybit.bench.soak;

import io.daybit.datagen.gen.EventSink;
import io.daybit.datagen.gen.Generator;
import io.daybit.datagen.profile.GeneratorConfig;
import io.daybit.engine.codec.EventEncoder;
import io.daybit.engine.model.Event;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * The soak's event stream cut into NDJSON batches, the same bytes every time for the same settings:
 * the ingest client posts batch {@code n} with the key {@link #key}, and the verifier regenerates the
 * acknowledged ones to feed the in-memory reference the very same batches in the same order.
 *
 * @param seed       the generator's seed
 * @param accounts   accounts in the generated population
 * @param days       days of the generated window (ending {@link GeneratorConfig#DEFAULT_END})
 * @param batchLines lines per batch
 */
public record SoakStream(long seed, int accounts, int days, int batchLines) {
    /** The dataset the soak fills. */
    public static final String DATASET = "soak";
    /** A few invalid lines, so that rejections take part (they must be answered the same way). */
    private static final double INVALID_SHARE = 0.002;
    /** Events per account over a year in the default rates, rounded down: sizes the population. */
    private static final int EVENTS_PER_ACCOUNT_YEAR = 35;

    /** A stream long enough for {@code events} events over a year of days. */
    public static SoakStream forEvents(long seed, long events, int batchLines) {
        long accounts = Math.max(2_000, events / EVENTS_PER_ACCOUNT_YEAR + 1);
        return new SoakStream(seed, (int) Math.min(accounts, GeneratorConfig.MAX_ACCOUNTS), 365, batchLines);
    }

    /** What the generator runs. */
    public GeneratorConfig config() {
        return GeneratorConfig.builder().accounts(accounts).days(days).seed(seed).build()
                .withInvalidShare(INVALID_SHARE);
    }

    /** The first day of the window. */
    public LocalDate firstDay() {
        return config().start();
    }

    /** The last day of the window. */
    public LocalDate lastDay() {
        return config().end();
    }

    /** The body of {@code POST /api/v1/datasets} that creates the soak's dataset. */
    public String createBody() {
        return "{\"name\":\"" + DATASET + "\",\"timezone\":\"" + config().timezone().getId() + "\"}";
    }

    /** The idempotency key of batch {@code n}. */
    public static String key(long n) {
        return "soak-" + n;
    }

    /** Receives the batches in order; returns false to end the stream there. */
    @FunctionalInterface
    public interface BatchSink {
        boolean batch(long n, String ndjson);
    }

    /** Hands batches 0, 1, … to {@code sink} until it returns false or the stream ends. */
    public void batches(BatchSink sink) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(batchLines * 200);
        EventEncoder encoder = new EventEncoder(bytes, config().timezone());
        Cutter cutter = new Cutter(sink, bytes, encoder);
        try {
            new Generator(config()).stream(cutter);
            cutter.cut();
        } catch (Stop stop) {
            // the sink asked for no more
        }
    }

    /** Ends the generator's run from inside its callback. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    /** Encodes events and cuts a batch every {@code batchLines} lines. */
    private final class Cutter implements EventSink {
        private final BatchSink sink;
        private final ByteArrayOutputStream bytes;
        private final EventEncoder encoder;
        private long next;
        private int lines;

        Cutter(BatchSink sink, ByteArrayOutputStream bytes, EventEncoder encoder) {
            this.sink = sink;
            this.bytes = bytes;
            this.encoder = encoder;
        }

        @Override
        public void event(Event event) {
            encoder.write(event);
            lineDone();
        }

        @Override
        public void invalidLine(String line) {
            encoder.writeRawLine(line);
            lineDone();
        }

        private void lineDone() {
            if (++lines == batchLines) {
                cut();
            }
        }

        void cut() {
            if (lines == 0) {
                return;
            }
            encoder.flush();
            String body = bytes.toString(StandardCharsets.UTF_8);
            bytes.reset();
            lines = 0;
            if (!sink.batch(next++, body)) {
                throw new Stop();
            }
        }
    }
}
