package io.daybit.engine.persist;

import org.opentest4j.TestAbortedException;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a test does when it cannot set up the file system it needs (a read-only directory, a small
 * tmpfs to fill up): it fails, so CI (which runs as root, where both work) never passes without
 * having run it. A developer without the rights can opt out explicitly with
 * {@code -D}{@value #SKIP_PROPERTY}{@code =true}; the test is then reported as skipped, never passed.
 */
final class MountsRequired {
    /** The system property that turns "cannot set up" into a skip. CI never sets it. */
    static final String SKIP_PROPERTY = "daybit.tests.skipWhenMountsAreRefused";

    private MountsRequired() {
    }

    /** Fails the test, or skips it when {@link #SKIP_PROPERTY} is set, saying what could not be done. */
    static void cannotSetUp(String what) {
        String message = what + " (this test needs root, or the right to mount a tmpfs or a read-only bind mount; "
                + "-D" + SKIP_PROPERTY + "=true skips it instead)";
        if (Boolean.getBoolean(SKIP_PROPERTY)) {
            throw new TestAbortedException(message);
        }
        fail(message);
    }
}
