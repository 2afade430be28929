package io.daybit.bench.state;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.ingest.IngestResult;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * A profile's events loaded into a Daybit dataset, with what loading it measured: the ingest rate
 * of the single writer (time inside {@link Dataset#ingest} only, generation excluded) and the heap
 * and off-heap memory the store holds once loaded.
 *
 * <p>Loaded once per JVM and profile and shared by every benchmark of the run ({@link #shared}):
 * the full profile takes minutes to build.
 */
public final class BenchData {
    /** Events per ingested batch. */
    public static final int BATCH = 50_000;
    /** The dataset's name. */
    public static final String NAME = "bench";

    private static final Map<String, BenchData> SHARED = new HashMap<>();

    private final Profile profile;
    private final Dataset dataset;
    private final long events;
    private final long rejected;
    private final long ingestNanos;
    private final long writerCpuNanos;
    private final long heapBytes;
    private final long offHeapBytes;

    private BenchData(Profile profile, Dataset dataset, long events, long rejected, long ingestNanos,
                      long writerCpuNanos, long heapBytes, long offHeapBytes) {
        this.profile = profile;
        this.dataset = dataset;
        this.events = events;
        this.rejected = rejected;
        this.ingestNanos = ingestNanos;
        this.writerCpuNanos = writerCpuNanos;
        this.heapBytes = heapBytes;
        this.offHeapBytes = offHeapBytes;
    }

    /** The data of a profile, loaded into a new engine on first use and kept for the JVM's life. */
    public static synchronized BenchData shared(Profile profile) {
        BenchData d = SHARED.get(profile.name());
        if (d == null) {
            @SuppressWarnings("resource") // lives as long as the JVM: every benchmark of the run shares it
            Engine engine = Engine.inMemory();
            d = load(profile, engine);
            SHARED.put(profile.name(), d);
        }
        return d;
    }

    /** Makes already loaded data the shared one of its profile (e.g. data loaded into a server's engine). */
    public static synchronized void share(BenchData data) {
        SHARED.put(data.profile.name(), data);
    }

    /** Streams the profile's events into a new dataset of {@code engine}, measuring as it goes. */
    public static BenchData load(Profile profile, Engine engine) {
        long heapBefore = usedHeapAfterGc();
        long offHeapBefore = offHeapUsed();
        Dataset dataset = engine.createDataset(NAME, DatasetSettings.defaults().withTimezone(profile.zone()));
        long writerCpu = writerCpuNanos();
        long[] ingest = new long[3];
        EventSource.of(profile).batches(BATCH, batch -> {
            long t0 = System.nanoTime();
            IngestResult r = dataset.ingest(batch);
            ingest[0] += System.nanoTime() - t0;
            ingest[1] += r.accepted();
            ingest[2] += r.rejected().size();
        });
        writerCpu = writerCpuNanos() - writerCpu;
        long heap = usedHeapAfterGc() - heapBefore;
        long offHeap = offHeapUsed() - offHeapBefore;
        return new BenchData(profile, dataset, ingest[1], ingest[2], ingest[0], writerCpu, heap, offHeap);
    }

    public Profile profile() {
        return profile;
    }

    public Dataset dataset() {
        return dataset;
    }

    /** The first day of the window. */
    public LocalDate first() {
        return profile.first();
    }

    /** The last day of the window: the pinned today of every query. */
    public LocalDate end() {
        return Profile.END;
    }

    /** Accepted events. */
    public long events() {
        return events;
    }

    /** Rejected events (none expected: the generator only writes valid events). */
    public long rejected() {
        return rejected;
    }

    /** Accounts seen, guests included. */
    public long accounts() {
        return dataset.info().accounts();
    }

    /** Events per second of the single writer while loading. */
    public double ingestEventsPerSecond() {
        return events / (ingestNanos / 1e9);
    }

    /**
     * Events per second of CPU time of the writer thread while loading: on a shared machine the
     * writer waits for a core part of the time, which the wall-clock rate counts and this does not.
     */
    public double ingestEventsPerWriterCpuSecond() {
        return writerCpuNanos <= 0 ? Double.NaN : events / (writerCpuNanos / 1e9);
    }

    /** CPU time of the engines' writer threads ({@code daybit-writer}), summed. */
    private static long writerCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("daybit-writer")) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getId()));
            }
        }
        return sum;
    }

    /** Heap held by the loaded store: used heap after a full GC, minus the same before loading. */
    public long heapBytes() {
        return heapBytes;
    }

    /** Direct and mapped buffers the store holds (none expected: the store lives on the heap). */
    public long offHeapBytes() {
        return offHeapBytes;
    }

    /** Used heap after asking for full collections until it stops shrinking. */
    public static long usedHeapAfterGc() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (used >= best) {
                return best;
            }
            best = used;
        }
        return best;
    }

    private static long offHeapUsed() {
        long sum = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            sum += Math.max(0, pool.getMemoryUsed());
        }
        return sum;
    }
}
