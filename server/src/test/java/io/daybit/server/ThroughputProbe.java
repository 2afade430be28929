package io.daybit.server;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.javalin.Javalin;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

/**
 * Two servers on 127.0.0.1 side by side for a load generator: a bare Javalin app whose
 * {@code GET /trivial} returns a constant JSON object (the baseline), and a Daybit server with a
 * generated dataset {@code shop}. Not a test: run it, then point {@code wrk} at both. {@code $JVM_FLAGS}
 * are the {@code --add-opens}/{@code --add-exports} flags of the root pom's {@code daybit.jvm.flags}.
 *
 * <pre>
 * mvn -q -o -pl server -am package -DskipTests
 * java -Xmx2g $JVM_FLAGS -cp server/target/test-classes:server/target/daybit-server.jar \
 *      io.daybit.server.ThroughputProbe 50000 [CACHE_ENTRIES, 0 disables the answer cache]
 * wrk -t1 -c32 -d10s http://127.0.0.1:PORT1/trivial
 * wrk -t1 -c32 -d10s -s server/src/test/resources/wrk/overview-new-range.lua http://127.0.0.1:PORT2
 * wrk -t1 -c32 -d10s 'http://127.0.0.1:PORT2/api/v1/datasets/shop/hub/overview?from=2025-02-01&amp;to=2025-03-02'
 * </pre>
 */
public final class ThroughputProbe {
    private ThroughputProbe() {
    }

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int cacheEntries = args.length > 1 ? Integer.parseInt(args[1]) : TestServer.options().cacheEntries();
        Javalin trivial = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/trivial", ctx -> ctx.json(Map.of("status", "ok")));
            cfg.routes.get("/constant", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}"));
        }).start("127.0.0.1", 0);
        ServerOptions o = TestServer.options();
        DaybitServer daybit = DaybitServer.start(new ServerOptions(o.host(), 0, null, false, null, false,
                o.maxBodyBytes(), cacheEntries, o.cacheBytes()));
        Dataset shop = daybit.engine().createDataset("shop",
                DatasetSettings.defaults().withTimezone(ZoneId.of("Europe/Stockholm")));
        long t0 = System.nanoTime();
        int chunk = 5_000;
        long events = 0;
        for (int from = 0; from < accounts; from += chunk) {
            // separate seeds and id ranges per chunk keep account ids and order ids distinct
            String ndjson = TestEvents.ndjson(from, Math.min(chunk, accounts - from), LocalDate.of(2023, 7, 1),
                    LocalDate.of(2025, 6, 30)).replace("acct-", "a" + from + "-").replace("O-", "O" + from + "-");
            events += shop.ingestNdjson(ndjson.getBytes(StandardCharsets.UTF_8), null).accepted();
        }
        System.out.printf("dataset shop: %d accounts, %d events, %d MB in columns, loaded in %d ms%n",
                shop.info().accounts(), events, shop.sizeInBytes() >> 20, (System.nanoTime() - t0) / 1_000_000);
        System.out.println("trivial " + "http://127.0.0.1:" + trivial.port());
        System.out.println("daybit " + daybit.url());
        System.out.flush();
        Thread.currentThread().join();
    }
}
