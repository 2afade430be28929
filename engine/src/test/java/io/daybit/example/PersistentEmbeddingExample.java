package io.daybit.example;

import io.daybit.engine.Dataset;
import io.daybit.engine.DatasetSettings;
import io.daybit.engine.Engine;
import io.daybit.engine.EngineConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A persistent engine as an embedding application starts it: run in a JVM given exactly the flags
 * the README lists for Chronicle Map, by {@link ReadmeEmbeddingTest}. Writes one batch into the
 * directory of its argument, reopens the directory and prints what it finds.
 */
public final class PersistentEmbeddingExample {
    private PersistentEmbeddingExample() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        byte[] batch = """
                {"type":"account_created","account":"anna","ts":"2025-03-01T09:00:00+01:00"}
                {"type":"order","account":"anna","ts":"2025-03-02T18:30:00+01:00","order_id":"A-1","lines":[{"product":"kaffe","quantity":2,"amount":9800}]}
                """.getBytes(StandardCharsets.UTF_8);
        try (Engine engine = Engine.open(EngineConfig.persistent(dir))) {
            Dataset shop = engine.createDataset("shop", DatasetSettings.defaults());
            shop.ingestNdjson(batch, "batch-1");
        }
        try (Engine engine = Engine.open(EngineConfig.persistent(dir))) {
            System.out.println("events after reopening " + engine.dataset("shop").info().events());
        }
    }
}
