package io.deitstream.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Reads a running job's metrics from Flink's REST API, as an operator's dashboard would. */
final class FlinkRest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String jobId;

    FlinkRest(LocalStack stack) {
        this.baseUrl = stack.webUrl();
        this.jobId = stack.job().getJobID().toHexString();
    }

    private JsonElement get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return JsonParser.parseString(response.body());
    }

    /** Waits until the job has restarted at least once (REST metrics lag by the fetcher's interval). */
    long awaitRestart(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long restarts = numRestarts();
        while (restarts < 1 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            restarts = numRestarts();
        }
        return restarts;
    }

    /** The job-level numRestarts metric. */
    long numRestarts() throws Exception {
        JsonArray values = get("/jobs/" + jobId + "/metrics?get=numRestarts").getAsJsonArray();
        return values.isEmpty() ? 0 : values.get(0).getAsJsonObject().get("value").getAsLong();
    }

    /**
     * Every metric of every vertex whose id contains {@code fragment}, summed over subtasks: name to sum. Flink names
     * operator metrics {@code <operator>.<group>.<metric>}, key/value groups included.
     */
    Map<String, Double> operatorMetrics(String fragment) throws Exception {
        Map<String, Double> sums = new HashMap<>();
        for (JsonElement vertex : get("/jobs/" + jobId).getAsJsonObject().getAsJsonArray("vertices")) {
            String vertexId = vertex.getAsJsonObject().get("id").getAsString();
            String base = "/jobs/" + jobId + "/vertices/" + vertexId + "/subtasks/metrics";
            StringBuilder names = new StringBuilder();
            for (JsonElement metric : get(base).getAsJsonArray()) {
                String id = metric.getAsJsonObject().get("id").getAsString();
                if (id.contains(fragment)) {
                    names.append(names.length() == 0 ? "" : ",").append(id);
                }
            }
            if (names.length() == 0) {
                continue;
            }
            for (JsonElement metric : get(base + "?agg=sum&get=" + names).getAsJsonArray()) {
                JsonObject values = metric.getAsJsonObject();
                sums.merge(values.get("id").getAsString(), values.get("sum").getAsDouble(), Double::sum);
            }
        }
        return sums;
    }
}
