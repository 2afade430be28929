package io.daybit.engine.query;

import io.daybit.engine.Engine;
import io.daybit.engine.reference.PurchaseCase;
import io.daybit.engine.testdata.RegressionFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

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
    Stream<DynamicTest> everyKeptPurchaseCaseAgreesWithTheReferenceModel() {
        return RegressionFiles.replay("purchases-", engine, (text, e) -> PurchaseCase.fromFile(text).run(e));
    }
}
