package io.daybit.datagen.io;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Opens the destinations of the command line's {@code --out}. */
public final class Outputs {
    private static final int BUFFER = 1 << 20;

    private Outputs() {
    }

    /**
     * {@code -} for standard output (not closed by closing the stream), else a file, created or
     * truncated; a name ending in {@code .gz} is gzip-compressed at the fastest level, since the
     * generator would otherwise wait for the compressor.
     */
    public static OutputStream open(String target) throws IOException {
        if ("-".equals(target)) {
            return new BufferedOutputStream(new FilterOutputStream(new FileOutputStream(FileDescriptor.out)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush(); // standard output stays open for whoever owns it
                }
            }, BUFFER);
        }
        Path path = Path.of(target);
        OutputStream file = Files.newOutputStream(path);
        if (target.endsWith(".gz")) {
            return new FastGzip(file);
        }
        return new BufferedOutputStream(file, BUFFER);
    }

    /** gzip at {@link Deflater#BEST_SPEED}. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, BUFFER);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
