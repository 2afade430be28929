package io.daybit.datagen.io;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of posting a stream to a server.
 *
 * @param batches       batches posted
 * @param sent          lines posted (events, valid or not)
 * @param accepted      events the server accepted
 * @param rejected      events the server rejected (named in its answers)
 * @param failedBatches batches that got no answer after every retry, or a non-retryable error
 * @param failedLines   lines in those batches
 * @param retries       attempts repeated after 429, 503 or an I/O error
 * @param elapsed       from the first post to the last answer
 * @param p50           median latency of an HTTP exchange
 * @param p90           90th percentile
 * @param p99           99th percentile
 * @param max           slowest exchange
 * @param errors        the first few failures, then the first few rejections, for a look
 */
public record LoadReport(long batches, long sent, long accepted, long rejected, long failedBatches, long failedLines,
                         long retries, Duration elapsed, Duration p50, Duration p90, Duration p99, Duration max,
                         List<String> errors) {
    public LoadReport {
        errors = List.copyOf(errors);
    }

    /** Events answered (accepted or rejected) per second of elapsed time. */
    public double eventsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds == 0 ? 0 : (accepted + rejected) / seconds;
    }

    /** A few lines for people. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "sent %,d events in %,d batches in %.2f s: %,.0f events/s%n", sent, batches,
                elapsed.toNanos() / 1e9, eventsPerSecond()));
        sb.append(String.format(Locale.ROOT, "accepted %,d, rejected %,d, failed %,d (%,d batches), retries %,d%n",
                accepted, rejected, failedLines, failedBatches, retries));
        sb.append(String.format(Locale.ROOT, "latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                p50.toNanos() / 1e6, p90.toNanos() / 1e6, p99.toNanos() / 1e6, max.toNanos() / 1e6));
        for (String e : errors) {
            sb.append("  ").append(e).append(System.lineSeparator());
        }
        return sb.toString();
    }
}
