package io.daybit.server.error;

/**
 * An RFC 9457 problem detail, the body of every error answer.
 *
 * @param type   a URI naming the kind of problem ({@code urn:daybit:problem:<slug>})
 * @param title  a short summary of that kind
 * @param status the HTTP status
 * @param detail what was wrong in this request, and what is allowed
 * @param param  the query parameter, body field or header at fault, or null
 */
public record Problem(String type, String title, int status, String detail, String param) {
    /** The prefix of every problem type. */
    public static final String TYPE_PREFIX = "urn:daybit:problem:";

    /** A problem of the kind {@code slug}. */
    public static Problem of(String slug, String title, int status, String detail, String param) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, param);
    }
}
