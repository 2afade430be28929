package io.daybit.datagen.io;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Paces permits (events) to a steady rate by virtual scheduling: each acquisition reserves the
 * next free slot of time and waits for it. After an idle spell the next acquisition goes at once,
 * but idle time is never saved up for a burst, so over any stretch of steady demand the rate is
 * the configured one. Thread-safe.
 */
public final class RateLimiter {
    private final double nanosPerPermit;
    private long nextFree = Long.MIN_VALUE;

    /**
     * A limiter of {@code permitsPerSecond}; 0 means unlimited.
     *
     * @throws IllegalArgumentException when the rate is negative or not finite
     */
    public RateLimiter(double permitsPerSecond) {
        if (!(permitsPerSecond >= 0) || Double.isInfinite(permitsPerSecond)) {
            throw new IllegalArgumentException("rate must be 0 (unlimited) or a positive number, got " + permitsPerSecond);
        }
        this.nanosPerPermit = permitsPerSecond == 0 ? 0 : 1e9 / permitsPerSecond;
    }

    /** Whether the limiter lets everything through at once. */
    public boolean unlimited() {
        return nanosPerPermit == 0;
    }

    /**
     * Waits until {@code permits} may go.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public void acquire(int permits) throws InterruptedException {
        if (unlimited()) {
            return;
        }
        long wait = reserve(permits, System.nanoTime());
        long deadline = System.nanoTime() + wait;
        while (wait > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            wait = deadline - System.nanoTime();
        }
    }

    /** Reserves the next slot for {@code permits} at time {@code now}; returns the nanoseconds to wait for it. */
    synchronized long reserve(int permits, long now) {
        long at = nextFree == Long.MIN_VALUE || nextFree - now < 0 ? now : nextFree;
        nextFree = at + (long) (permits * nanosPerPermit);
        return at - now;
    }

    @Override
    public String toString() {
        return unlimited() ? "unlimited" : String.format(java.util.Locale.ROOT, "%.0f/s",
                TimeUnit.SECONDS.toNanos(1) / nanosPerPermit);
    }
}
