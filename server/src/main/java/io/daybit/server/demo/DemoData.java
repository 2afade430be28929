package io.daybit.server.demo;

import io.daybit.datagen.gen.GenerationStats;
import io.daybit.datagen.gen.Generator;
import io.daybit.datagen.profile.GeneratorConfig;
import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.ingest.IngestResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.CancellationException;

/**
 * The demo dataset {@code demo}: data-gen's {@link GeneratorConfig#demo() demo profile} (10,000
 * accounts over 400 days, in Europe/Stockholm, SEK) from its fixed seed, ending <b>yesterday</b> in
 * the dataset's timezone. So the dashboard's presets, which end today (METRICS.md: today is the
 * current date in the dataset's timezone), show real numbers without pinning {@code today}: the
 * demo behaves like a shop whose events are loaded every night, today's day still empty. The same
 * day gives the same bytes; a later start shows a later window.
 */
public final class DemoData {
    /** The name of the demo dataset. */
    public static final String NAME = "demo";
    /** The currency of the demo profile's Swedish stores and prices. */
    public static final String CURRENCY = "SEK";
    /** Events per ingested batch: big enough to be cheap, small enough to show progress. */
    private static final int BATCH = 20_000;

    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

    private DemoData() {
    }

    /** The generator configuration of the demo dataset generated now: its last day is yesterday. */
    public static GeneratorConfig config() {
        return config(Clock.systemUTC());
    }

    /** The generator configuration of the demo dataset generated at {@code clock}'s instant. */
    public static GeneratorConfig config(Clock clock) {
        GeneratorConfig demo = GeneratorConfig.demo();
        return demo.withEnd(LocalDate.now(clock.withZone(demo.timezone())).minusDays(1));
    }

    /**
     * Creates the demo dataset and fills it, batch by batch on the calling thread; stops early,
     * leaving what was loaded, when the thread is interrupted.
     *
     * @return the dataset
     */
    public static Dataset load(Engine engine) {
        return load(engine, config());
    }

    /** Creates the demo dataset from {@code config} and fills it, as {@link #load(Engine)}. */
    public static Dataset load(Engine engine, GeneratorConfig config) {
        Dataset demo = engine.createDataset(NAME, DatasetSettings.defaults()
                .withTimezone(config.timezone()).withCurrency(CURRENCY));
        long[] rejected = new long[1];
        try {
            GenerationStats stats = new Generator(config).batches(BATCH, batch -> {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("stopped while loading the demo dataset");
                }
                IngestResult r = demo.ingest(batch);
                rejected[0] += r.rejected().size();
            });
            LOG.info("demo dataset: {} events from {} to {}, {} rejected", stats.events(), config.start(),
                    config.end(), rejected[0]);
        } catch (CancellationException e) {
            LOG.info(e.getMessage());
        }
        return demo;
    }
}
