package io.daybit.engine;

import io.daybit.engine.reference.DashboardCase;
import io.daybit.engine.testdata.RegressionFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * Replays every kept case of {@link DashboardsPropertyTest} ({@code src/test/resources/regressions/dashboards-*.ndjson},
 * the format of {@link DashboardCase}: settings, events, batches and the queries): each must agree
 * with the reference model.
 */
class DashboardRegressionFilesTest {
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
    Stream<DynamicTest> everyKeptDashboardCaseAgreesWithTheReferenceModel() {
        return RegressionFiles.replay("dashboards-", engine, (text, e) -> DashboardCase.fromFile(text).run(e));
    }
}
