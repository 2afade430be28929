package io.daybit.server.error;

/**
 * A failure that only exists at the HTTP layer (a missing token, a body over the limit, an
 * unsupported media type): the status, title and detail of the problem to answer with.
 */
public final class HttpProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String slug;
    private final String title;
    private final String param;

    private HttpProblem(int status, String slug, String title, String detail, String param) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.param = param;
    }

    /** 401: no token, or one that is not configured. */
    public static HttpProblem unauthorized(String detail) {
        return new HttpProblem(401, "unauthorized", "Unauthorized", detail, null);
    }

    /** 403: a valid token without the right to do this. */
    public static HttpProblem forbidden(String detail) {
        return new HttpProblem(403, "forbidden", "Forbidden", detail, null);
    }

    /** 405: a known path asked with a method it does not serve (the caller sets {@code Allow}). */
    public static HttpProblem methodNotAllowed(String detail) {
        return new HttpProblem(405, "method-not-allowed", "Method not allowed", detail, null);
    }

    /** 413: a body over the configured limit. */
    public static HttpProblem tooLarge(String detail) {
        return new HttpProblem(413, "payload-too-large", "Payload too large", detail, null);
    }

    /** 415: a body of a media type the route does not take. */
    public static HttpProblem unsupportedMediaType(String detail) {
        return new HttpProblem(415, "unsupported-media-type", "Unsupported media type", detail, "Content-Type");
    }

    /** 429: ingest faster than the server takes it; nothing of the batch was applied. */
    public static HttpProblem tooManyRequests(String detail) {
        return new HttpProblem(429, "overloaded", "Too many requests", detail, null);
    }

    /** 503: not ready yet (e.g. still loading data), or past the readers' capacity. */
    public static HttpProblem unavailable(String detail) {
        return new HttpProblem(503, "unavailable", "Service unavailable", detail, null);
    }

    public int status() {
        return status;
    }

    /** The last part of the problem's type URI. */
    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    /** The parameter or header at fault, or null. */
    public String param() {
        return param;
    }
}
