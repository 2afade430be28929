package io.daybit.datagen.io;

import io.daybit.datagen.gen.ProgressListener;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on a terminal: lines so far, lines per second, share done and the time
 * left, redrawn at most four times a second. Use {@link #forConsole} to get one only when a
 * terminal is attached, so that redirected output stays clean.
 */
public final class ConsoleProgress implements ProgressListener {
    private static final long REDRAW_NANOS = 250_000_000L;
    private static final int WIDTH = 24;

    private final PrintStream out;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    /** A bar drawn on {@code out}. */
    public ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    /** A bar on standard error when a terminal is attached and not {@code quiet}, otherwise nothing. */
    public static ProgressListener forConsole(boolean quiet) {
        return !quiet && System.console() != null ? new ConsoleProgress(System.err) : NONE;
    }

    @Override
    public void progress(long lines, double fraction) {
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && fraction < 1) {
            return;
        }
        lastDraw = now;
        out.print('\r');
        out.print(render(lines, fraction, (now - start) / 1e9));
        if (fraction >= 1) {
            out.println();
        }
        out.flush();
        drawn = true;
    }

    /** Whether anything was drawn. */
    public boolean drawn() {
        return drawn;
    }

    /** The text of the bar, e.g. {@code [#########---------------]  37%  12,345,678 lines  1.2M lines/s  ETA 0:41}. */
    static String render(long lines, double fraction, double seconds) {
        double f = Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.round(f * WIDTH);
        StringBuilder sb = new StringBuilder(80).append('[');
        for (int i = 0; i < WIDTH; i++) {
            sb.append(i < filled ? '#' : '-');
        }
        sb.append(String.format(Locale.ROOT, "] %3d%%  %,d lines", Math.round(f * 100), lines));
        if (seconds > 0) {
            sb.append("  ").append(human(lines / seconds)).append(" lines/s");
        }
        if (f > 0.01 && f < 1) {
            long left = Math.round(seconds * (1 - f) / f);
            sb.append(String.format(Locale.ROOT, "  ETA %d:%02d", left / 60, left % 60));
        } else if (f >= 1) {
            sb.append(String.format(Locale.ROOT, "  %.1f s", seconds));
        }
        return sb.append("   ").toString(); // spaces wipe the tail of a longer previous line
    }

    private static String human(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", perSecond / 1e6);
        }
        if (perSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }
}
