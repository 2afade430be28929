package io.daybit.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.daybit.server.api.Routes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /openapi.json} describes exactly the routes the server serves, and every reference in it resolves. */
class OpenApiTest {
    private static TestServer server;
    private static JsonNode doc;

    @BeforeAll
    static void start() {
        server = TestServer.plain();
        TestServer.Answer a = server.get("/openapi.json");
        assertEquals(200, a.status());
        assertEquals("application/json", a.contentType());
        doc = a.json();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void itIsOpenApi3() {
        assertTrue(doc.get("openapi").asText().startsWith("3."), doc.get("openapi").asText());
        assertTrue(doc.get("info").hasNonNull("title"));
    }

    @Test
    void itDescribesExactlyTheServedRoutes() {
        Set<String> served = new TreeSet<>();
        for (Routes.Route r : server.server.routes()) {
            served.add(r.method().name() + " " + r.path());
        }
        Set<String> described = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                described.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                assertTrue(op.getValue().has("responses"), path.getKey() + " " + op.getKey());
            }
        }
        assertEquals(served, described);
    }

    @Test
    void everyPathParameterIsDeclared() {
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            if (!path.getKey().contains("{ds}")) {
                continue;
            }
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                assertTrue(op.getValue().get("parameters").toString().contains("#/components/parameters/ds"),
                        op.getKey() + " " + path.getKey());
            }
        }
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collect(doc, refs);
        assertTrue(refs.size() > 50);
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/"), ref);
            JsonNode target = doc.at(ref.substring(1));
            assertTrue(!target.isMissingNode(), "unresolved " + ref);
        }
    }

    @Test
    void aReferenceHasNoSiblingsWhichOpenApi30WouldIgnore() {
        List<String> refs = new ArrayList<>();
        siblings(doc, "", refs);
        assertEquals(List.of(), refs, "keys beside $ref (ignored in OpenAPI 3.0, e.g. nullable)");
    }

    @Test
    void aComparisonMayBeNullAsCompareNoneAnswers() {
        JsonNode schemas = doc.get("components").get("schemas");
        int described = 0;
        for (Map.Entry<String, JsonNode> s : schemas.properties()) {
            JsonNode comparison = s.getValue().path("properties").path("comparison");
            if (comparison.isMissingNode()) {
                continue;
            }
            described++;
            JsonNode target = comparison.has("$ref") ? doc.at(comparison.get("$ref").asText().substring(1)) : comparison;
            // OpenAPI 3.0.3: nullable adds null only to a type given in the same schema
            assertEquals("object", target.path("type").asText(), s.getKey());
            assertTrue(target.path("nullable").asBoolean(), s.getKey() + ".comparison is not nullable");
        }
        assertEquals(4, described, "hub overview, service interactions, AOV and purchases have a comparison");
        assertEquals(201, server.post("/api/v1/datasets", "application/json", "{\"name\": \"cmp\"}").status());
        TestServer.Answer none = server.get("/api/v1/datasets/cmp/hub/overview?preset=today&compare=none");
        assertEquals(200, none.status());
        assertTrue(none.json().get("comparison").isNull(), none.body());
    }

    private static void siblings(JsonNode n, String at, List<String> out) {
        if (n.isObject()) {
            if (n.has("$ref") && n.size() > 1) {
                out.add(at);
            }
            for (Map.Entry<String, JsonNode> f : n.properties()) {
                siblings(f.getValue(), at + "/" + f.getKey(), out);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                siblings(n.get(i), at + "/" + i, out);
            }
        }
    }

    private static void collect(JsonNode n, List<String> refs) {
        if (n.isObject()) {
            for (Map.Entry<String, JsonNode> f : n.properties()) {
                if (f.getKey().equals("$ref")) {
                    refs.add(f.getValue().asText());
                } else {
                    collect(f.getValue(), refs);
                }
            }
        } else if (n.isArray()) {
            n.forEach(e -> collect(e, refs));
        }
    }
}
