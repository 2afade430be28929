package io.daybit.server;

/** Entry point (placeholder until the module's issue lands). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.err.println("not built yet");
        System.exit(2);
    }
}
