package io.daybit.server;

/**
 * {@code java -jar daybit-server.jar [options]}: starts the server (see {@link ServerOptions#USAGE}),
 * prints {@code listening on http://H:P} on stdout once it serves, and stops cleanly on SIGINT or
 * SIGTERM. Exit status 2 for a wrong command line or refused options.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        ServerOptions options;
        try {
            options = ServerOptions.parse(args);
        } catch (ServerOptions.UsageException e) {
            System.err.println("daybit-server: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(ServerOptions.USAGE);
            return;
        }
        DaybitServer server;
        try {
            server = DaybitServer.start(options);
        } catch (IllegalArgumentException e) {
            System.err.println("daybit-server: " + e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            System.err.println("daybit-server: could not start: " + e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "daybit-shutdown"));
        System.out.println("listening on " + server.url());
        System.out.flush();
    }
}
