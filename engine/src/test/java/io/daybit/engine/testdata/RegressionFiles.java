package io.daybit.engine.testdata;

import io.daybit.engine.Engine;
import org.junit.jupiter.api.DynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The failing cases that property tests kept under {@code src/test/resources/regressions/}, one
 * dynamic test per file: each file must now give no disagreement with the reference model.
 */
public final class RegressionFiles {
    private RegressionFiles() {
    }

    /**
     * One test per regression file whose name starts with {@code prefix}, in name order.
     *
     * @param disagreements runs a file's text on the engine and lists where it disagrees with the
     *                      reference model
     */
    public static Stream<DynamicTest> replay(String prefix, Engine engine,
                                             BiFunction<String, Engine, List<String>> disagreements) {
        URL dir = RegressionFiles.class.getResource("/regressions");
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of(dir.toURI()))) {
            files = list.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        assertFalse(files.isEmpty(), "no regression files " + prefix + "* found in " + dir);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () ->
                assertEquals(List.of(), disagreements.apply(Files.readString(file, StandardCharsets.UTF_8), engine))));
    }
}
