package io.ragfit.load;

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
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * Kafka question streaming: {@code users.per.second} questions a second, for {@code duration.seconds}, each
 * produced to {@code ragfit.questions} and followed over HTTP until its results are stored. The group
 * "question end-to-end" is each question's time from the producer to its last score in the database (polled
 * every 100 ms, so up to 100 ms late).
 */
public class StreamSimulation extends Simulation {

    private final InferenceSimulator simulator = LoadSetup.simulator();
    private final String runId = LoadSetup.prepare(simulator, "load-stream");
    private final KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("kafka.bootstrap", "localhost:9092"),
            ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    private final AtomicLong questions = new AtomicLong();
    private final long started = System.nanoTime();

    private final HttpProtocolBuilder protocol = http.baseUrl(LoadSetup.SERVICE).acceptHeader("application/json")
            .authorizationHeader("Bearer " + LoadSetup.TOKEN);

    private final ScenarioBuilder stream = scenario("Kafka questions")
            .exec(session -> session.set("questionId", "s-" + questions.incrementAndGet()).set("state", "SENT"))
            .group("question end-to-end").on(
                    exec(session -> {
                        String id = session.getString("questionId");
                        producer.send(new ProducerRecord<>("ragfit.questions", id, "{\"schemaVersion\":1,\"id\":\"" + id
                                + "\",\"runId\":\"" + runId + "\",\"question\":\"How long does a refund take?\","
                                + "\"references\":[\"Five working days.\"]}"));
                        return session;
                    }),
                    asLongAs(session -> !"COMPLETED".equals(session.getString("state"))
                            && !"FAILED".equals(session.getString("state"))).on(
                                    pause(Duration.ofMillis(100)),
                                    exec(http("question result").get("/runs/" + runId + "/results/#{questionId}")
                                            .check(status().in(200, 404), jsonPath("$.state").optional().saveAs("state")))));

    {
        setUp(stream.injectOpen(constantUsersPerSec(LoadSetup.doubleProperty("users.per.second", 10))
                .during(Duration.ofSeconds(LoadSetup.longProperty("duration.seconds", 60)))))
                .protocols(protocol)
                .assertions(global().failedRequests().percent().lt(1.0));
    }

    @Override
    public void after() {
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("load: %d questions produced in %.0f s (%.1f questions/s, setup included); simulator: %d calls,"
                + " %d failed on purpose%n", questions.get(), seconds, questions.get() / seconds, simulator.calls.get(),
                simulator.errors.get());
        producer.close();
        simulator.close();
    }
}
