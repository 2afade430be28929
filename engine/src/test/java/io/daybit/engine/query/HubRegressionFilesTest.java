package io.daybit.engine.query;

import io.daybit.engine.Engine;
import io.daybit.engine.reference.HubCase;
import io.daybit.engine.testdata.RegressionFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

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
    Stream<DynamicTest> everyKeptHubCaseAgreesWithTheReferenceModel() {
        return RegressionFiles.replay("hub-", engine, (text, e) -> HubCase.fromFile(text).run(e));
    }
}
