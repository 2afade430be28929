package io.daybit.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.daybit.server.api.Routes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the project's own documents true against a real server with the demo dataset: every route
 * of the route table is in docs/api.md, every example request there answers with the status and
 * the fields shown, the README's curl examples answer 200, every server flag is in
 * docs/operations.md, the documents link only to files in the repository, and the demo shows real
 * numbers without pinning {@code today}.
 */
class DocsTest {
    private static final Path ROOT = Path.of("..");
    private static final Path API = ROOT.resolve("docs/api.md");
    private static final Path OPERATIONS = ROOT.resolve("docs/operations.md");
    private static final Path METRICS = ROOT.resolve("docs/metrics.md");
    private static final Path README = ROOT.resolve("README.md");
    /** A request block of docs/api.md and the answer block after it. */
    private static final Pattern EXAMPLE = Pattern.compile("```http\n(.*?)```\n(?:\\s*```json\n(.*?)```)?",
            Pattern.DOTALL);

    private static TestServer demo;

    @BeforeAll
    static void start() throws InterruptedException {
        ServerOptions o = TestServer.options();
        demo = new TestServer(new ServerOptions(o.host(), 0, null, true, null, false, o.maxBodyBytes(),
                o.cacheEntries(), o.cacheBytes()));
        for (int i = 0; i < 1200 && !demo.server.ready(); i++) {
            Thread.sleep(250);
        }
        assertTrue(demo.server.ready(), "the demo dataset did not load in 5 minutes");
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void everyRouteOfTheRouteTableIsInTheApiReference() throws IOException {
        String api = read(API);
        for (Routes.Route r : demo.server.routes()) {
            String route = "`" + r.method().name() + " " + r.path() + "`";
            assertTrue(api.contains(route), route + " is not in docs/api.md");
        }
    }

    @Test
    void everyExampleOfTheApiReferenceAnswersWithTheDocumentedStatusAndFields() throws IOException {
        Matcher m = EXAMPLE.matcher(read(API));
        int examples = 0;
        while (m.find()) {
            examples++;
            String[] request = m.group(1).split("\n\n", 2);
            List<String> head = request[0].lines().toList();
            String[] line = head.get(0).split(" ", 2);
            String method = line[0];
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(demo.url(line[1])));
            for (String header : head.subList(1, head.size())) {
                String[] kv = header.split(":\\s*", 2);
                b.header(kv[0], kv[1]);
            }
            String body = request.length > 1 ? request[1] : "";
            b.method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            TestServer.Answer a = demo.send(b);
            String what = head.get(0) + " -> " + a.status() + " " + a.body();
            if (m.group(2) == null) {
                assertTrue(a.status() == 204 || a.status() == 200, what);
                continue;
            }
            JsonNode documented = TestServer.JSON.readTree(m.group(2));
            int expected = documented.has("type") && documented.has("status") ? documented.get("status").asInt()
                    : method.equals("POST") && line[1].equals(Routes.API + "/datasets") ? 201 : 200;
            assertEquals(expected, a.status(), what);
            assertEquals(fields(documented), fields(a.json()), "the fields of " + head.get(0));
            if (expected == 405) {
                assertTrue(a.header("Allow") != null && documented.get("detail").asText().endsWith(a.header("Allow")),
                        what);
            }
        }
        assertTrue(examples >= 20, "only " + examples + " examples found in docs/api.md");
    }

    @Test
    void theReadmesCurlQueriesAnswer200() throws IOException {
        Matcher m = Pattern.compile("curl -s '(http://127\\.0\\.0\\.1:7070)(/api/v1/datasets[^']*)'\\n").matcher(read(README));
        int queries = 0;
        while (m.find()) {
            queries++;
            TestServer.Answer a = demo.get(m.group(2));
            assertEquals(200, a.status(), m.group(2) + " -> " + a.body());
        }
        assertTrue(queries >= 4, "only " + queries + " curl queries found in the README");
    }

    @Test
    void everyServerFlagIsInTheOperationsGuide() throws IOException {
        String ops = read(OPERATIONS);
        Matcher m = Pattern.compile("(--[a-z][a-z-]+)").matcher(ServerOptions.USAGE);
        Set<String> flags = new TreeSet<>();
        while (m.find()) {
            flags.add(m.group(1));
        }
        assertTrue(flags.size() >= 12, flags.toString());
        for (String flag : flags) {
            assertTrue(ops.contains("`" + flag), flag + " is not in docs/operations.md");
        }
    }

    @Test
    void theDocumentsLinkOnlyToFilesInTheRepository() throws IOException {
        Pattern link = Pattern.compile("\\]\\(([^)#\\s]*)(#[^)]*)?\\)");
        for (Path doc : List.of(README, API, OPERATIONS, METRICS)) {
            String text = read(doc);
            assertFalse(text.contains("shared/"), doc + " names shared/, which is not in the repository");
            Matcher m = link.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("http://") || target.startsWith("https://") || target.isEmpty()) {
                    continue;
                }
                Path file = doc.getParent().resolve(target).normalize();
                assertTrue(Files.exists(file), doc + " links to " + target + ", which does not exist");
                assertTrue(file.toAbsolutePath().normalize().startsWith(ROOT.toAbsolutePath().normalize()),
                        doc + " links outside the repository: " + target);
                if (m.group(2) != null) {
                    String anchor = m.group(2).substring(1);
                    assertTrue(anchors(read(file)).contains(anchor), doc + " links to a missing heading " + target
                            + m.group(2));
                }
            }
        }
        assertEquals(1, Pattern.compile("(?m)^## Benchmarks$").matcher(read(README)).results().count(),
                "the README has one Benchmarks section");
    }

    @Test
    void theDemoShowsRealNumbersWithoutPinningToday() {
        JsonNode info = demo.get(Routes.API + "/datasets/demo").json();
        LocalDate yesterday = LocalDate.now(ZoneId.of(info.get("timezone").asText())).minusDays(1);
        assertEquals(yesterday.toString(), info.get("last_day").asText(), "the demo ends yesterday");
        JsonNode hub = demo.get(Routes.API + "/datasets/demo/hub/overview?preset=last_30_days").json().get("metrics");
        assertTrue(hub.get("active_accounts").get("value").asLong() > 0, hub.toString());
        assertTrue(hub.get("revenue_generated").get("value").asLong() > 0, hub.toString());
        assertTrue(hub.get("active_accounts").get("previous").asLong() > 0, "the comparison has data too: " + hub);
        JsonNode rfm = demo.get(Routes.API + "/datasets/demo/rfm").json();
        assertTrue(rfm.get("customers").asLong() > 1000, rfm.get("customers").toString());
        JsonNode t = rfm.get("thresholds");
        for (String dimension : List.of("r", "f", "m")) {
            assertTrue(t.get(dimension).get("t1").asLong() < t.get(dimension).get("t2").asLong(),
                    "degenerate thresholds for " + dimension + ": " + t);
        }
        assertTrue(t.get("r").get("t1").asLong() > 0, t.toString());
    }

    /** The field paths of a JSON value: object keys, with the elements of an array merged. */
    private static Set<String> fields(JsonNode node) {
        Set<String> out = new TreeSet<>();
        collect(node, "", out);
        return out;
    }

    private static void collect(JsonNode node, String path, Set<String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                out.add(path + "." + e.getKey());
                collect(e.getValue(), path + "." + e.getKey(), out);
            });
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, path + "[]", out);
            }
        }
    }

    /** The anchors GitHub makes of a document's headings. */
    private static Set<String> anchors(String markdown) {
        Set<String> out = new TreeSet<>();
        for (String line : markdown.lines().toList()) {
            if (line.startsWith("#")) {
                String title = line.replaceFirst("^#+\\s*", "").toLowerCase(java.util.Locale.ROOT);
                out.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return out;
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
