package io.daybit.engine.ingest;

import io.daybit.engine.DaybitException;
import io.daybit.engine.EngineConfig;
import io.daybit.engine.OverloadedException;
import io.daybit.engine.UnavailableException;
import io.daybit.engine.codec.DecodedLine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The single writer of an engine: one thread that takes batches from a bounded many-to-one queue
 * and applies them one after the other. Any number of threads may {@link #submit}; only the writer
 * thread ever mutates a dataset, so the store needs no synchronisation among writers, and a batch
 * is applied as a whole before the next one starts.
 *
 * <p>The queue is the JDK's {@link ArrayBlockingQueue}, not a lock-free one: a task is a whole
 * batch (thousands of events), so one lock per batch costs nothing measurable, the writer sleeps
 * instead of spinning when there is no work, and the engine needs no JVM flag (Agrona's
 * {@code ManyToOneConcurrentArrayQueue} needs {@code --add-exports java.base/jdk.internal.misc}).
 *
 * <p><b>Group commit.</b> The writer drains up to {@value #GROUP} queued batches at a time,
 * prepares them all (each writes its log record), makes them durable (the first sync of a log
 * forces every record written to it so far, the others find theirs already on disk), and only
 * then applies and answers them. Under load, many batches share one fsync.
 *
 * <p>Other changes that must not interleave with batches (creating, deleting, changing settings)
 * run on the same thread through {@link #call}, in queue order.
 *
 * <p><b>Backpressure.</b> The queue is bounded twice: by the number of batches waiting (the
 * queue's capacity) and by the lines those batches hold, which bounds the memory waiting ingest
 * takes. A batch that would go past either is refused at once with {@link OverloadedException},
 * before it is queued, so nothing of it is ever applied; its caller retries later. A batch is
 * always taken while nothing waits, however large, so that no batch is refused forever. Lines
 * count as waiting from {@link #submit} until the writer has answered their batch.
 */
public final class IngestWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IngestWriter.class.getName());
    private static final int GROUP = 64;
    private static final long SUBMIT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** How long the idle writer sleeps before it looks at {@link #running} again. */
    private static final long IDLE_POLL_MILLIS = 50;
    /** How long a change waits for room in a full queue before it looks at {@link #running} again. */
    private static final long OFFER_POLL_MILLIS = 10;

    private final ArrayBlockingQueue<Task> queue;
    private final List<Task> drained = new ArrayList<>(GROUP);
    /** The most lines that may wait, and the lines of the batches submitted and not yet answered. */
    private final long maxQueuedLines;
    private final AtomicLong queuedLines = new AtomicLong();
    private final Thread thread;
    private final Task[] group = new Task[GROUP];
    private final PreparedBatch[] prepared = new PreparedBatch[GROUP];
    private int grouped;
    private volatile boolean running = true;

    /** A batch to apply ({@code control} null) or a change to run on the writer thread. */
    private record Task(IngestTarget target, List<DecodedLine> lines, String key, Supplier<?> control,
                        CompletableFuture<Object> answer) {
    }

    /** A writer with the default bounds ({@link EngineConfig.IngestQueue#DEFAULT}). */
    public IngestWriter(String name) {
        this(name, EngineConfig.IngestQueue.DEFAULT);
    }

    /** A writer whose waiting ingest is bounded by {@code bounds}. */
    public IngestWriter(String name, EngineConfig.IngestQueue bounds) {
        queue = new ArrayBlockingQueue<>(bounds.batches());
        maxQueuedLines = bounds.events();
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues a batch for the writer and waits until it is applied (and, for a persistent dataset,
     * on disk).
     *
     * @throws OverloadedException  when the queue is full (see the class comment); nothing of the
     *                              batch is applied
     * @throws UnavailableException when the writer is closed, or the batch cannot be stored
     */
    public IngestResult submit(IngestTarget target, List<DecodedLine> lines, String idempotencyKey) {
        if (Thread.currentThread() == thread) {
            PreparedBatch batch = target.prepare(lines, idempotencyKey);
            try {
                batch.makeDurable();
            } catch (RuntimeException e) {
                batch.abandon();
                throw e;
            }
            return batch.apply();
        }
        if (!running) {
            throw new UnavailableException("the engine is closed");
        }
        int n = lines.size();
        reserveLines(n);
        Task task = new Task(target, lines, idempotencyKey, null, new CompletableFuture<>());
        if (!queue.offer(task)) {
            queuedLines.addAndGet(-n);
            throw new OverloadedException("the ingest queue is full (" + (queue.size() + queue.remainingCapacity()) + " batches wait for "
                    + "the writer); nothing of the batch was applied: retry it later with the same idempotency key");
        }
        return (IngestResult) awaitAnswer(task);
    }

    /** Counts a batch's lines as waiting, or refuses it when they would pass the bound. */
    private void reserveLines(int n) {
        while (true) {
            long waiting = queuedLines.get();
            if (waiting > 0 && waiting + n > maxQueuedLines) {
                throw new OverloadedException("the ingest queue is full (" + waiting + " lines wait for the writer, "
                        + "at most " + maxQueuedLines + "); nothing of the batch was applied: retry it later with "
                        + "the same idempotency key");
            }
            if (queuedLines.compareAndSet(waiting, waiting + n)) {
                return;
            }
        }
    }

    /** Lines of batches submitted and not yet answered: how full the queue is. */
    public long queuedLines() {
        return queuedLines.get();
    }

    /**
     * Runs {@code change} on the writer thread after every batch queued before it, and returns its
     * result; its exceptions are rethrown here.
     */
    public <T> T call(Supplier<T> change) {
        if (Thread.currentThread() == thread) {
            return change.get();
        }
        @SuppressWarnings("unchecked")
        T result = (T) await(new Task(null, null, null, change, new CompletableFuture<>()));
        return result;
    }

    private Object await(Task task) {
        long deadline = System.nanoTime() + SUBMIT_TIMEOUT_NANOS;
        try {
            while (!queue.offer(task, OFFER_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (!running) {
                    throw new UnavailableException("the engine is closed");
                }
                if (System.nanoTime() > deadline) {
                    throw new UnavailableException("the writer's queue stayed full for 30 s; retry later");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while waiting for the writer's queue", e);
        }
        return awaitAnswer(task);
    }

    private Object awaitAnswer(Task task) {
        try {
            while (true) {
                try {
                    return task.answer.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    if (!running && !thread.isAlive()) {
                        // the writer drained its queue for the last time before this offer
                        throw new UnavailableException("the engine is closed");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while waiting for ingest", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DaybitException d) {
                throw d;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new DaybitException("ingest failed: " + cause, cause);
        }
    }

    private void run() {
        while (running) {
            try {
                Task first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    group[grouped++] = first;
                    drainGroup();
                }
            } catch (InterruptedException e) {
                // only close() stops the writer; an interrupt from elsewhere is not a reason to lose batches
                Thread.interrupted();
            }
        }
        while (drainGroup() > 0) {
            // apply what was queued before close
        }
    }

    /** Takes up to a group of queued tasks (after any already taken) and executes them; returns how many. */
    private int drainGroup() {
        queue.drainTo(drained, GROUP - grouped);
        for (Task t : drained) {
            group[grouped++] = t;
        }
        drained.clear();
        int n = grouped;
        if (n > 0) {
            executeGroup();
        }
        return n;
    }

    private void executeGroup() {
        int i = 0;
        while (i < grouped) {
            if (group[i].control != null) {
                runControl(group[i]);
                i++;
            } else {
                int end = i;
                while (end < grouped && group[end].control == null) {
                    end++;
                }
                commit(i, end);
                i = end;
            }
        }
        long answeredLines = 0;
        for (int k = 0; k < grouped; k++) {
            if (group[k].lines != null) {
                answeredLines += group[k].lines.size();
            }
            group[k] = null;
            prepared[k] = null;
        }
        grouped = 0;
        queuedLines.addAndGet(-answeredLines);
    }

    /** Prepares, makes durable, then applies the batches group[from .. to). */
    private void commit(int from, int to) {
        for (int k = from; k < to; k++) {
            Task t = group[k];
            try {
                prepared[k] = t.target.prepare(t.lines, t.key);
            } catch (Throwable e) {
                t.answer.completeExceptionally(e);
            }
        }
        for (int k = from; k < to; k++) {
            PreparedBatch p = prepared[k];
            if (p != null) {
                try {
                    p.makeDurable();
                } catch (Throwable e) {
                    prepared[k] = null;
                    p.abandon();
                    group[k].answer.completeExceptionally(e);
                }
            }
        }
        for (int k = from; k < to; k++) {
            PreparedBatch p = prepared[k];
            if (p != null) {
                try {
                    group[k].answer.complete(p.apply());
                } catch (Throwable e) {
                    group[k].answer.completeExceptionally(e);
                }
            }
        }
        for (int k = from; k < to; k++) {
            IngestTarget t = group[k].target;
            if (isFirst(t, from, k)) {
                try {
                    t.afterGroup();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "after a group of batches: {0}", e.toString());
                }
            }
        }
    }

    private boolean isFirst(IngestTarget t, int from, int k) {
        for (int i = from; i < k; i++) {
            if (group[i].target == t) {
                return false;
            }
        }
        return true;
    }

    private static void runControl(Task task) {
        try {
            task.answer.complete(task.control.get());
        } catch (Throwable t) {
            task.answer.completeExceptionally(t);
        }
    }

    /** Stops the writer once it has applied what is queued. */
    @Override
    public void close() {
        running = false;
        // wakes an idle writer at once rather than after its poll times out; if the queue is full it is awake anyway
        queue.offer(new Task(null, null, null, () -> null, new CompletableFuture<>()));
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Task t;
        while ((t = queue.poll()) != null) {
            if (t.lines != null) {
                queuedLines.addAndGet(-t.lines.size());
            }
            t.answer.completeExceptionally(new UnavailableException("the engine is closed"));
        }
    }
}
