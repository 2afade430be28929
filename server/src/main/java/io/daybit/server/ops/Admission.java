package io.daybit.server.ops;

import io.daybit.server.ServerOptions;

import java.util.concurrent.Semaphore;

/**
 * How many API requests are served at once: queries up to {@link ServerOptions.Capacity#queries},
 * ingest requests up to {@link ServerOptions.Capacity#ingests} holding together at most
 * {@link ServerOptions.Capacity#ingestBytes} of body. A request past a bound is not queued: it is
 * refused at once (the caller answers 503 or 429 with {@code Retry-After}), so that overload never
 * piles up threads, bodies or waiting clients.
 *
 * <p>Thread-safe. Every admitted request must {@link Ticket#close} its ticket, once.
 */
public final class Admission {
    private final Semaphore queries;
    private final Semaphore ingests;
    /** The ingest body budget in KiB, so that it fits a semaphore's int permits. */
    private final Semaphore ingestKib;
    private final int ingestKibTotal;

    /** A place taken by an admitted request; closing it gives the place back. */
    @FunctionalInterface
    public interface Ticket extends AutoCloseable {
        @Override
        void close();
    }

    public Admission(ServerOptions.Capacity capacity) {
        queries = new Semaphore(capacity.queries());
        ingests = new Semaphore(capacity.ingests());
        ingestKibTotal = (int) Math.min(Integer.MAX_VALUE, Math.max(1, capacity.ingestBytes() >> 10));
        ingestKib = new Semaphore(ingestKibTotal);
    }

    /** A place for a query, or null when {@link ServerOptions.Capacity#queries} are in progress. */
    public Ticket admitQuery() {
        if (!queries.tryAcquire()) {
            return null;
        }
        return queries::release;
    }

    /**
     * A place for an ingest request whose body has (at most) {@code bodyBytes}, or null when the
     * ingest requests or their bodies in progress leave no room. A body larger than the whole
     * budget is admitted only when no other ingest is in progress.
     */
    public Ticket admitIngest(long bodyBytes) {
        if (!ingests.tryAcquire()) {
            return null;
        }
        int kib = (int) Math.min(ingestKibTotal, (Math.max(0, bodyBytes) >> 10) + 1);
        if (!ingestKib.tryAcquire(kib)) {
            ingests.release();
            return null;
        }
        return () -> {
            ingestKib.release(kib);
            ingests.release();
        };
    }
}
