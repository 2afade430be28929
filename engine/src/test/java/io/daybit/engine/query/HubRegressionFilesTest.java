package io.daybit.engine.query;

import io.daybit.engine.Engine;
import io.daybit.engine.reference.HubCase;
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
 * Replays every kept failing case of the property tests ({@code src/test/resources/regressions/hub-*.ndjson},
 * the format of {@link HubCase}): each must now agree with the reference model.
 */
class HubRegressionFilesTest {
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
    Stream<DynamicTest> everyKeptHubCaseAgreesWithTheReferenceModel() throws IOException, URISyntaxException {
        URL dir = HubRegressionFilesTest.class.getResource("/regressions");
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of(dir.toURI()))) {
            files = list.filter(p -> p.getFileName().toString().startsWith("hub-")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no regression files found in " + dir);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            HubCase c = HubCase.fromFile(Files.readString(file, StandardCharsets.UTF_8));
            assertEquals(List.of(), c.run(engine));
        }));
    }
}
