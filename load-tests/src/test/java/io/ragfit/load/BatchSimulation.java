package io.ragfit.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * HTTP batch submission: {@code users.per.second} clients a second, for {@code duration.seconds}, each posting a
 * batch of {@code batch.questions} questions to a run of two variants judged in logprob mode, then following it
 * until it completes. "submit batch" is the POST's latency; the group "batch completed" is each batch's time from
 * submission to its last score.
 */
public class BatchSimulation extends Simulation {

    private final InferenceSimulator simulator = LoadSetup.simulator();
    private final String runId = LoadSetup.prepare(simulator, "load-batch");
    private final int questionsPerBatch = (int) LoadSetup.longProperty("batch.questions", 10);
    private final AtomicLong batches = new AtomicLong();
    private final long started = System.nanoTime();

    private final HttpProtocolBuilder protocol = http.baseUrl(LoadSetup.SERVICE)
            .acceptHeader("application/json")
            .authorizationHeader("Bearer " + LoadSetup.TOKEN)
            .contentTypeHeader("application/json");

    private final ScenarioBuilder batch = scenario("HTTP batches")
            .exec(session -> session.set("batch", batch(batches.incrementAndGet())).set("status", "RUNNING"))
            .exec(http("submit batch").post("/batches?run=" + runId).body(StringBody("#{batch}"))
                    .check(status().is(202), jsonPath("$.id").saveAs("batchId")))
            .group("batch completed").on(
                    asLongAs(session -> !"COMPLETED".equals(session.getString("status"))).on(
                            pause(Duration.ofMillis(250)),
                            exec(http("batch progress").get("/batches/#{batchId}")
                                    .check(status().is(200), jsonPath("$.status").saveAs("status")))));

    {
        setUp(batch.injectOpen(constantUsersPerSec(LoadSetup.doubleProperty("users.per.second", 2))
                .during(Duration.ofSeconds(LoadSetup.longProperty("duration.seconds", 60)))))
                .protocols(protocol)
                .assertions(global().failedRequests().percent().lt(1.0));
    }

    private String batch(long number) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < questionsPerBatch; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\":\"b").append(number).append('-').append(i)
                    .append("\",\"question\":\"How long does a refund take?\",\"references\":[\"Five working days.\"]}");
        }
        return json.append(']').toString();
    }

    @Override
    public void after() {
        double seconds = (System.nanoTime() - started) / 1e9;
        long questions = batches.get() * questionsPerBatch;
        System.out.printf("load: %d batches, %d questions in %.0f s (%.1f questions/s, setup included); simulator: %d calls,"
                + " %d failed on purpose%n", batches.get(), questions, seconds, questions / seconds, simulator.calls.get(),
                simulator.errors.get());
        simulator.close();
    }
}
