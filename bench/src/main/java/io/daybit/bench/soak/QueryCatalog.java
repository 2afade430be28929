package io.daybit.bench.soak;

import io.daybit.engine.RfmSettings;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The dashboard's requests with fresh parameters each time: every GET route of API.md, with ranges,
 * comparisons, filters, days and pages drawn inside the soak's window. {@link #data} draws the routes
 * whose answers depend on the data only (the ones the verifier compares with the reference);
 * {@link #any} adds the operations routes.
 */
public final class QueryCatalog {
    private static final String DS = "/api/v1/datasets/" + SoakStream.DATASET;
    private static final String[] COMPARE = {"previous_period", "previous_year", "none"};
    private static final String[] STORES = {"Stockholm City", "Göteborg Nordstan"};
    private static final List<String> PERSONAS = RfmSettings.defaultPersonas().keySet().stream().toList();
    private static final String[] STAGES = {"active", "lapsing", "inactive"};
    private static final String[] OPS = {"/health", "/metrics", "/openapi.json", "/", "/api/v1/datasets"};
    private static final int DATA_ROUTES = 12;

    private final LocalDate first;
    private final int days;
    private final LocalDate today;

    /** Requests over the window {@code first}..{@code last}, with {@code today} = {@code last}. */
    public QueryCatalog(LocalDate first, LocalDate last) {
        this.first = first;
        this.days = (int) (last.toEpochDay() - first.toEpochDay()) + 1;
        this.today = last;
    }

    /** The route names, for the report: the same order as {@link #data}'s choice numbers, then ops. */
    public static List<String> routeNames() {
        List<String> names = new ArrayList<>(List.of("dataset", "hub/overview", "hub/service-interactions",
                "hub/aov", "users/overview", "purchases", "stores", "rfm", "rfm/transitions", "rfm/members",
                "retention", "purchases(filtered)"));
        names.addAll(List.of(OPS));
        return names;
    }

    /** A request: its route name (one of {@link #routeNames}) and its path with query string. */
    public record Request(String route, String path) {
    }

    /** Any route, the operations ones one time in eight. */
    public Request any(Random r) {
        if (r.nextInt(8) == 0) {
            String p = OPS[r.nextInt(OPS.length)];
            return new Request(p, p);
        }
        return data(r);
    }

    /** A route whose answer depends on the dataset's events only. */
    public Request data(Random r) {
        int choice = r.nextInt(DATA_ROUTES);
        String name = routeNames().get(choice);
        return new Request(name, switch (choice) {
            case 0 -> DS;
            case 1 -> DS + "/hub/overview?" + range(r) + compare(r);
            case 2 -> DS + "/hub/service-interactions?" + range(r) + compare(r);
            case 3 -> DS + "/hub/aov?" + range(r) + compare(r) + "&granularity="
                    + pick(r, "day", "week", "month");
            case 4 -> DS + "/users/overview?today=" + day(r, 0);
            case 5 -> DS + "/purchases?" + range(r) + compare(r);
            case 6 -> DS + "/stores";
            case 7 -> DS + "/rfm?as_of=" + day(r, 0) + "&today=" + today;
            case 8 -> transitions(r);
            case 9 -> members(r);
            case 10 -> DS + "/retention?" + range(r) + "&period=" + pick(r, "week", "month") + "&by="
                    + pick(r, "hub_opened", "purchase");
            default -> DS + "/purchases?" + range(r) + compare(r) + filters(r);
        });
    }

    private String range(Random r) {
        int length = pick(r, 7, 30, 90, 365);
        int offset = r.nextInt(Math.max(1, days - length + 1));
        LocalDate from = first.plusDays(offset);
        LocalDate to = from.plusDays(Math.min(length, days) - 1L);
        return "from=" + from + "&to=" + to + "&today=" + today;
    }

    private static String compare(Random r) {
        return "&compare=" + COMPARE[r.nextInt(COMPARE.length)];
    }

    private static String filters(Random r) {
        StringBuilder q = new StringBuilder();
        if (r.nextBoolean()) {
            q.append("&consent=").append(pick(r, "with", "without"));
            if (r.nextBoolean()) {
                q.append("&consent_channel=").append(pick(r, "email", "sms", "push"));
            }
        }
        if (r.nextBoolean()) {
            q.append("&recency=").append(pick(r, "new_30d", "new_12m"));
        }
        int channel = r.nextInt(3);
        if (channel == 1) {
            q.append("&channel=web");
        } else if (channel == 2) {
            q.append("&channel=store&store=").append(encode(STORES[r.nextInt(STORES.length)]));
        }
        return q.toString();
    }

    private String transitions(Random r) {
        int a = r.nextInt(days - 1);
        int b = a + 1 + r.nextInt(days - 1 - a);
        return DS + "/rfm/transitions?from=" + first.plusDays(a) + "&to=" + first.plusDays(b) + "&by="
                + pick(r, "persona", "stage", "r");
    }

    private String members(Random r) {
        String who = r.nextBoolean() ? "persona=" + PERSONAS.get(r.nextInt(PERSONAS.size()))
                : "stage=" + STAGES[r.nextInt(STAGES.length)];
        String after = r.nextInt(3) == 0 ? "&after=" + encode(Integer.toHexString(r.nextInt(0x10000))) : "";
        return DS + "/rfm/members?as_of=" + day(r, 0) + "&" + who + "&limit=" + pick(r, 10, 100, 1000) + after;
    }

    private String day(Random r, int margin) {
        return first.plusDays(margin + r.nextInt(days - margin)).toString();
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... choices) {
        return choices[r.nextInt(choices.length)];
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
