package io.daybit.bench.soak;

import java.nio.file.Path;

/** The {@code java} launcher of the running JVM, for the soak's child processes. */
final class Java {
    private Java() {
    }

    static String binary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
