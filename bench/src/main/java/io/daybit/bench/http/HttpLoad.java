package io.daybit.bench.http;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A closed-loop HTTP/1.1 load generator in the manner of wrk: {@code connections} keep-alive
 * connections, each on its own thread sending the next GET as soon as the previous answer is read
 * whole, for a fixed time after a warm-up. Plain sockets and a hand-written response reader keep
 * the client's own cost per request small (the server shares the machine's cores with it).
 * Every answer must be 200, or the run fails.
 */
public final class HttpLoad {
    /** What one run measured. */
    public record Result(String route, long requests, double seconds, double rps, double p50Ms, double p99Ms,
                         long errors) {
    }

    private final String host;
    private final int port;
    private final int connections;
    private final double warmupSeconds;
    private final double seconds;

    public HttpLoad(String host, int port, int connections, double warmupSeconds, double seconds) {
        this.host = host;
        this.port = port;
        this.connections = connections;
        this.warmupSeconds = warmupSeconds;
        this.seconds = seconds;
    }

    /**
     * Runs the load: each connection asks {@code paths.apply(its random)} again and again.
     *
     * @param route the name of the run in the results
     */
    public Result run(String route, Function<SplittableRandom, String> paths) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long until = measureFrom + (long) (seconds * 1e9);
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Worker w = new Worker(paths, new SplittableRandom(i * 7919L + route.hashCode()), measureFrom, until);
            workers.add(w);
            w.start();
        }
        long requests = 0;
        long errors = 0;
        long[] all = new long[0];
        for (Worker w : workers) {
            w.join();
            if (w.failure != null) {
                throw new IllegalStateException(route + ": " + w.failure, w.failure);
            }
            requests += w.count;
            errors += w.errors;
            long[] mine = Arrays.copyOf(w.latencies, w.count);
            long[] merged = Arrays.copyOf(all, all.length + mine.length);
            System.arraycopy(mine, 0, merged, all.length, mine.length);
            all = merged;
        }
        Arrays.sort(all);
        return new Result(route, requests, seconds, requests / seconds, percentile(all, 50) / 1e6,
                percentile(all, 99) / 1e6, errors);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** One connection: requests in a loop, latencies of the measured ones. */
    private final class Worker extends Thread {
        private final Function<SplittableRandom, String> paths;
        private final SplittableRandom random;
        private final long measureFrom;
        private final long until;
        private long[] latencies = new long[1 << 14];
        private int count;
        private long errors;
        private Exception failure;
        private final byte[] line = new byte[8192];

        Worker(Function<SplittableRandom, String> paths, SplittableRandom random, long measureFrom, long until) {
            super("http-load");
            setDaemon(true);
            this.paths = paths;
            this.random = random;
            this.measureFrom = measureFrom;
            this.until = until;
        }

        @Override
        public void run() {
            try (Socket socket = new Socket()) {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), 5_000);
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
                while (true) {
                    byte[] request = ("GET " + paths.apply(random) + " HTTP/1.1\r\nHost: " + host
                            + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                    long t0 = System.nanoTime();
                    if (t0 >= until) {
                        return;
                    }
                    out.write(request);
                    out.flush();
                    int status = readResponse(in);
                    long t1 = System.nanoTime();
                    if (t0 >= measureFrom) {
                        if (status != 200) {
                            errors++;
                            if (errors == 1) {
                                throw new IOException("status " + status + " for " + new String(request,
                                        StandardCharsets.US_ASCII).lines().findFirst().orElse(""));
                            }
                        }
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = t1 - t0;
                    }
                }
            } catch (Exception e) {
                failure = e;
            }
        }

        /** Reads one response whole; returns its status. */
        private int readResponse(InputStream in) throws IOException {
            String status = readLine(in);
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            String header;
            while (!(header = readLine(in)).isEmpty()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(header.substring(colon + 1).trim());
                } else if (name.equalsIgnoreCase("Transfer-Encoding")
                        && header.substring(colon + 1).trim().equalsIgnoreCase("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                long size;
                while ((size = Long.parseLong(readLine(in).split(";")[0].trim(), 16)) > 0) {
                    skip(in, size);
                    readLine(in);
                }
                while (!readLine(in).isEmpty()) {
                    // trailers
                }
            } else if (length > 0) {
                skip(in, length);
            }
            return code;
        }

        private String readLine(InputStream in) throws IOException {
            int n = 0;
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new EOFException("connection closed");
                }
                if (n < line.length) {
                    line[n++] = (byte) b;
                }
            }
            if (n > 0 && line[n - 1] == '\r') {
                n--;
            }
            return new String(line, 0, n, StandardCharsets.ISO_8859_1);
        }

        private void skip(InputStream in, long n) throws IOException {
            while (n > 0) {
                long k = in.skip(n);
                if (k <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException("connection closed in a body");
                    }
                    k = 1;
                }
                n -= k;
            }
        }
    }
}
