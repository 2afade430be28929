package io.daybit.engine.query;

import io.daybit.engine.Engine;
import io.daybit.engine.reference.PurchaseCase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Replays every kept failing case of the property tests ({@code src/test/resources/regressions/purchases-*.ndjson},
 * the format of {@link PurchaseCase}): each must now agree with the reference model.
 */
class PurchaseRegressionFilesTest {
    private static Engine engine;

    @BeforeAll
    static void start() {
        engine = Engine.inMemory();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @TestFactory
    Stream<DynamicTest> everyKeptPurchaseCaseAgreesWithTheReferenceModel() throws IOException, URISyntaxException {
        URL dir = PurchaseRegressionFilesTest.class.getResource("/regressions");
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of(dir.toURI()))) {
            files = list.filter(p -> p.getFileName().toString().startsWith("purchases-")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no regression files found in " + dir);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            PurchaseCase c = PurchaseCase.fromFile(Files.readString(file, StandardCharsets.UTF_8));
            assertEquals(List.of(), c.run(engine));
        }));
    }
}
