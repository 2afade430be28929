package io.daybit.engine.ingest;

import io.daybit.engine.DaybitException;
import io.daybit.engine.UnavailableException;
import io.daybit.engine.codec.DecodedLine;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The single writer of an engine: one thread that takes batches from a many-to-one queue (Agrona's
 * {@link ManyToOneConcurrentArrayQueue}) and applies them one after the other. Any number of
 * threads may {@link #submit}; only the writer thread ever mutates a dataset, so the store needs
 * no synchronisation among writers, and a batch is applied as a whole before the next one starts.
 */
public final class IngestWriter implements AutoCloseable {
    private static final int QUEUE_CAPACITY = 4096;
    private static final long SUBMIT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final ManyToOneConcurrentArrayQueue<Task> queue = new ManyToOneConcurrentArrayQueue<>(QUEUE_CAPACITY);
    private final Thread thread;
    private volatile boolean running = true;

    private record Task(IngestTarget target, List<DecodedLine> lines, String key,
                        CompletableFuture<IngestResult> answer) {
    }

    public IngestWriter(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues a batch for the writer and waits for its answer.
     *
     * @throws UnavailableException when the queue stays full or the writer is closed
     */
    public IngestResult submit(IngestTarget target, List<DecodedLine> lines, String idempotencyKey) {
        if (Thread.currentThread() == thread) {
            return target.applyBatch(lines, idempotencyKey);
        }
        Task task = new Task(target, lines, idempotencyKey, new CompletableFuture<>());
        long deadline = System.nanoTime() + SUBMIT_TIMEOUT_NANOS;
        while (!queue.offer(task)) {
            if (!running) {
                throw new UnavailableException("the engine is closed");
            }
            if (System.nanoTime() > deadline) {
                throw new UnavailableException("ingest queue is full; retry later");
            }
            LockSupport.parkNanos(100_000);
        }
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
        IdleStrategy idle = new BackoffIdleStrategy(64, 64, TimeUnit.MICROSECONDS.toNanos(1),
                TimeUnit.MILLISECONDS.toNanos(1));
        while (running) {
            int work = queue.drain(this::execute, 64);
            idle.idle(work);
        }
        queue.drain(this::execute);
    }

    private void execute(Task task) {
        try {
            task.answer.complete(task.target.applyBatch(task.lines, task.key));
        } catch (Throwable t) {
            task.answer.completeExceptionally(t);
        }
    }

    /** Stops the writer once it has applied what is queued. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Task t;
        while ((t = queue.poll()) != null) {
            t.answer.completeExceptionally(new UnavailableException("the engine is closed"));
        }
    }
}
