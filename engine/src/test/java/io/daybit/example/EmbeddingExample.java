package io.daybit.example;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.ingest.IngestResult;
import io.daybit.engine.query.HubOverview;
import io.daybit.engine.query.Preset;
import io.daybit.engine.query.TimeSpec;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;

public class EmbeddingExample {
    public static void main(String[] args) {
        try (Engine engine = Engine.inMemory()) {
            Dataset shop = engine.createDataset("shop", DatasetSettings.defaults()
                    .withTimezone(ZoneId.of("Europe/Stockholm"))
                    .withCurrency("SEK")
                    .withAttributionWindowHours(48));

            IngestResult result = shop.ingestNdjson("""
                    {"type":"account_created","account":"anna","ts":"2025-03-01T09:00:00+01:00","contacts":["email"],"consents":{"email":true}}
                    {"type":"hub_opened","account":"anna","ts":"2025-03-02T10:00:00+01:00"}
                    {"type":"hub_product","account":"anna","ts":"2025-03-02T10:01:00+01:00","product":"kaffe","action":"click"}
                    {"type":"order","account":"anna","ts":"2025-03-02T18:30:00+01:00","order_id":"A-1","signed_in":true,"lines":[{"product":"kaffe","quantity":2,"amount":9800}]}
                    {"type":"service","account":"anna","ts":"2025-03-03T08:00:00+01:00","action":"teleport"}
                    """.getBytes(StandardCharsets.UTF_8), null);
            System.out.println("accepted " + result.accepted());                  // 4
            System.out.println("rejected " + result.rejected());                  // line 5: unknown service action 'teleport' ...

            // the 7 days up to 2025-03-07, compared with the 7 days before
            HubOverview hub = shop.hubOverview(TimeSpec.of(Preset.LAST_7_DAYS).today(LocalDate.of(2025, 3, 7)));
            System.out.println("active accounts " + hub.activeAccounts().value()); // 1
            System.out.println("revenue " + hub.revenueGenerated().value());      // 9800 (öre), attributed by the click
            System.out.println("new accounts change " + hub.newAccounts().changePct()); // null: none the week before
        }
    }
}
