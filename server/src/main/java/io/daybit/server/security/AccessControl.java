package io.daybit.server.security;

import io.daybit.server.error.HttpProblem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who may do what, from a token file of lines {@code TOKEN DATASET ROLE} (DATASET {@code *} for
 * every dataset; ROLE {@code read}, {@code ingest} or {@code admin}; blank lines and lines
 * starting with {@code #} are skipped; a token may have several lines).
 *
 * <p>Tokens are kept only as SHA-256 digests. A presented token is hashed and compared with
 * every configured digest by {@link MessageDigest#isEqual}, without stopping at the first match,
 * so the time taken does not depend on how much of a token is right nor on which line matched.
 * Neither the file's tokens nor a presented one ever appear in a message or a log.
 */
public final class AccessControl {
    /** The dataset of a grant that covers every dataset. */
    public static final String ANY_DATASET = "*";
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{16,512}");
    private static final Pattern DATASET = Pattern.compile("\\*|[a-z0-9][a-z0-9_-]{0,63}");

    private record Grant(byte[] digest, String dataset, Role role) {
    }

    private final List<Grant> grants;

    private AccessControl(List<Grant> grants) {
        this.grants = grants;
    }

    /** No access control: every request is allowed (loopback only, or {@code --insecure}). */
    public static AccessControl open() {
        return new AccessControl(null);
    }

    /**
     * Reads a token file.
     *
     * @throws IllegalArgumentException naming the line (never the token) when a line is malformed
     */
    public static AccessControl fromFile(Path file) throws IOException {
        List<Grant> grants = new ArrayList<>();
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            String where = file + " line " + (i + 1);
            if (parts.length != 3) {
                throw new IllegalArgumentException(where + ": expected TOKEN DATASET ROLE, got " + parts.length
                        + " fields");
            }
            if (!TOKEN.matcher(parts[0]).matches()) {
                throw new IllegalArgumentException(where + ": a token is 16-512 printable ASCII characters");
            }
            if (!DATASET.matcher(parts[1]).matches()) {
                throw new IllegalArgumentException(where + ": dataset " + shown(parts[1])
                        + " is neither * nor a dataset name");
            }
            Role role = Role.fromWire(parts[2]);
            if (role == null) {
                throw new IllegalArgumentException(where + ": role " + shown(parts[2])
                        + " is not read, ingest or admin");
            }
            grants.add(new Grant(sha256(parts[0]), parts[1], role));
        }
        if (grants.isEmpty()) {
            throw new IllegalArgumentException(file + " grants nothing: add lines TOKEN DATASET ROLE");
        }
        return new AccessControl(List.copyOf(grants));
    }

    /**
     * A field for a message: quoted, unless it is long enough to be a token (columns swapped by
     * mistake), which is never shown.
     */
    private static String shown(String field) {
        return field.length() < 16 ? "'" + field + "'" : "(" + field.length() + " characters, not shown)";
    }

    /**
     * The file's lines (ended by LF, CR or CRLF, as {@link Files#readAllLines} splits them), each
     * decoded as strict UTF-8, so that a line that is not names its number instead of stopping the
     * server with a bare decoding error.
     */
    private static List<String> lines(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
                end++;
            }
            try {
                lines.add(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, start, end - start))
                        .toString());
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException(file + " line " + (lines.size() + 1) + ": not valid UTF-8");
            }
            if (end + 1 < bytes.length && bytes[end] == '\r' && bytes[end + 1] == '\n') {
                end++;
            }
            start = end + 1;
        }
        return lines;
    }

    /** Whether tokens are required. */
    public boolean enabled() {
        return grants != null;
    }

    /** The holder of a valid token: what it may do. */
    public final class Caller {
        private final boolean[] matched;

        private Caller(boolean[] matched) {
            this.matched = matched;
        }

        /** Whether this caller holds {@code role} on {@code dataset}. */
        public boolean may(String dataset, Role role) {
            if (matched == null) {
                return true;
            }
            for (int i = 0; i < matched.length; i++) {
                Grant g = grants.get(i);
                if (matched[i] && g.role.includes(role)
                        && (g.dataset.equals(ANY_DATASET) || g.dataset.equals(dataset))) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Checks a right.
         *
         * @throws HttpProblem 403 when the caller lacks it
         */
        public void require(String dataset, Role role) {
            if (!may(dataset, role)) {
                throw HttpProblem.forbidden("this token may not " + verb(role) + " dataset '" + dataset + "'");
            }
        }
    }

    /**
     * The caller of a request, from its {@code Authorization} header.
     *
     * @throws HttpProblem 401 when tokens are required and the header is missing, malformed, or
     *                     carries a token that is not configured
     */
    public Caller authenticate(String authorization) {
        if (grants == null) {
            return new Caller(null);
        }
        if (authorization == null || authorization.isBlank()) {
            throw HttpProblem.unauthorized("this server requires a token: send Authorization: Bearer TOKEN");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw HttpProblem.unauthorized("the Authorization header must be Bearer TOKEN");
        }
        byte[] presented = sha256(authorization.substring(7).strip());
        boolean[] matched = new boolean[grants.size()];
        boolean any = false;
        for (int i = 0; i < matched.length; i++) {
            matched[i] = MessageDigest.isEqual(presented, grants.get(i).digest);
            any |= matched[i];
        }
        if (!any) {
            throw HttpProblem.unauthorized("the token is not valid for this server");
        }
        return new Caller(matched);
    }

    private static String verb(Role role) {
        switch (role) {
            case READ:
                return "read";
            case INGEST:
                return "ingest into";
            default:
                return "administer";
        }
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
