package io.ragfit.tracing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.ragfit.testing.DoubledVariants;
import io.ragfit.testing.KafkaTopics;
import io.ragfit.testing.OpenAiDouble;
import io.ragfit.testing.RecordedTraces;
import io.ragfit.testing.TestCorpora;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;

/**
 * One question's trace, from a producer's span in the Kafka record's headers to the scores' records: through the
 * real broker, Elasticsearch, a model double and PostgreSQL, kept by the SDK's in-memory exporter.
 */
@QuarkusTest
class QuestionTraceTests {

    private static final OpenAiDouble DOUBLE = OpenAiDouble.start(8);
    private static final String QUESTION = "How long does a refund take to arrive?";
    private static final String ANSWER = "Refunds arrive within five working days.";

    @Inject
    RecordedTraces traces;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @AfterAll
    static void stopDouble() {
        DOUBLE.close();
    }

    @Test
    void shouldLinkOneQuestionsSpansUnderTheProducersTraceAcrossEveryBackend() {
        DOUBLE.reset();
        DOUBLE.answerWith(request -> request.getJsonArray("messages").getJsonObject(0).getString("content")
                .endsWith("Evaluation Steps:") ? "1. Compare the answer with the context.\n2. Score it." : ANSWER);
        DOUBLE.tokenProbabilities(Map.of("4", 0.75, "5", 0.25));
        DoubledVariants.base(DOUBLE, "trace-chat", "trace-chat-model");
        DoubledVariants.base(DOUBLE, "trace-judge", "trace-judge-model");
        String runId = given().contentType(ContentType.JSON)
                .body(Map.of("name", "traced-" + UUID.randomUUID(), "corpus", TestCorpora.handbook(),
                        "variants", List.of("trace-chat"), "judgeVariant", "trace-judge", "judgeMode", "logprobs"))
                .post("/runs").then().statusCode(201).extract().path("id");

        String traceId = hex(16);
        String producerSpan = hex(8);
        traces.record(traceId);
        int callsBefore = DOUBLE.chatRequests().size();
        KafkaTopics kafka = new KafkaTopics(bootstrapServers);
        kafka.send("ragfit.questions", "t1", new JsonObject().put("schemaVersion", 1).put("id", "t1")
                .put("question", QUESTION).put("runId", runId).put("references", List.of("Five working days.")).encode(),
                Map.of("traceparent", "00-" + traceId + "-" + producerSpan + "-01"));

        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(names(traces.of(traceId)))
                .contains("send ragfit.answers", "send ragfit.scores"));
        List<SpanData> spans = traces.of(traceId);

        SpanData received = single(spans, span -> span.getKind() == SpanKind.CONSUMER);
        assertThat(received.getParentSpanId()).as("the record's span continues the producer's").isEqualTo(producerSpan);
        SpanData question = named(spans, "question");
        assertThat(question.getParentSpanId()).isEqualTo(received.getSpanId());
        assertThat(question.getAttributes().get(AttributeKey.stringKey("ragfit.run.id"))).isEqualTo(runId);
        assertThat(question.getAttributes().get(AttributeKey.stringKey("ragfit.question.id"))).isEqualTo("t1");
        assertThat(question.getAttributes().get(AttributeKey.stringKey("ragfit.question.state"))).isEqualTo("COMPLETED");

        // Elasticsearch: the kNN search beneath retrieval
        SpanData retrieve = named(spans, "retrieve");
        assertThat(retrieve.getParentSpanId()).isEqualTo(question.getSpanId());
        assertThat(retrieve.getAttributes().get(AttributeKey.longKey("ragfit.retrieval.chunks"))).isPositive();
        SpanData search = single(spans, span -> span.getName().startsWith("search "));
        assertThat(search.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(search.getParentSpanId()).isEqualTo(retrieve.getSpanId());
        assertThat(search.getAttributes().get(AttributeKey.stringKey("db.system.name"))).isEqualTo("elasticsearch");
        assertThat(named(spans, "embed question").getParentSpanId()).isEqualTo(retrieve.getSpanId());
        // and no span of the client's own, parented by whatever was current on its thread
        assertThat(names(spans)).doesNotContain("search", "indices.exists", "indices.get_mapping");

        // the model double: the variant's call beneath its answer, the judge's beneath its judgement
        SpanData answer = named(spans, "answer trace-chat");
        assertThat(answer.getParentSpanId()).isEqualTo(question.getSpanId());
        SpanData chat = named(spans, "chat trace-chat-model");
        assertThat(chat.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(chat.getParentSpanId()).isEqualTo(answer.getSpanId());
        assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("trace-chat-model");
        assertThat(chat.getAttributes().get(AttributeKey.stringKey("ragfit.variant"))).isEqualTo("trace-chat");
        assertThat(chat.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isPositive();
        SpanData judgement = named(spans, "judge trace-chat");
        assertThat(judgement.getParentSpanId()).isEqualTo(question.getSpanId());
        List<SpanData> judgeCalls = spans.stream().filter(span -> span.getName().equals("chat trace-judge-model")).toList();
        assertThat(judgeCalls).isNotEmpty().allSatisfy(call -> assertThat(call.getParentSpanId())
                .isEqualTo(judgement.getSpanId()));
        // each request the double received for this question carried the span that made it
        Set<String> chatSpans = spans.stream().filter(span -> span.getName().startsWith("chat "))
                .map(SpanData::getSpanId).collect(Collectors.toSet());
        // (a criterion's evaluation steps are written once per run, in a trace of their own)
        List<OpenAiDouble.Received> calls = DOUBLE.chatRequests();
        List<String> carried = calls.subList(callsBefore, calls.size()).stream()
                .filter(call -> !call.body().getJsonArray("messages").getJsonObject(0).getString("content")
                        .endsWith("Evaluation Steps:"))
                .map(OpenAiDouble.Received::traceparent).toList();
        assertThat(carried).isNotEmpty().allSatisfy(header -> {
            assertThat(header).startsWith("00-" + traceId + "-");
            assertThat(chatSpans).contains(header.split("-")[2]);
        });

        // PostgreSQL: the writes, then the records of the outbox sent under the write that stored them
        SpanData results = named(spans, "store results");
        assertThat(results.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(results.getParentSpanId()).isEqualTo(question.getSpanId());
        assertThat(results.getAttributes().get(AttributeKey.stringKey("db.system.name"))).isEqualTo("postgresql");
        assertThat(named(spans, "store answers").getParentSpanId()).isEqualTo(question.getSpanId());
        List<SpanData> sent = spans.stream().filter(span -> span.getKind() == SpanKind.PRODUCER).toList();
        assertThat(sent).isNotEmpty().allSatisfy(span -> assertThat(span.getParentSpanId()).isEqualTo(results.getSpanId()));
        Set<String> sentSpans = sent.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kafka.ofRun("ragfit.scores", UUID.fromString(runId)))
                .isNotEmpty().allSatisfy(score -> {
                    String header = score.headers().get("traceparent");
                    assertThat(header).startsWith("00-" + traceId + "-");
                    assertThat(sentSpans).contains(header.split("-")[2]);
                }));

        // never the question, the context or an answer among the attributes
        assertThat(spans).allSatisfy(span -> span.getAttributes().forEach((key, value) -> assertThat(String.valueOf(value))
                .doesNotContain(QUESTION).doesNotContain(ANSWER).doesNotContain("refund")));
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static List<String> names(List<SpanData> spans) {
        return spans.stream().map(SpanData::getName).toList();
    }

    private static SpanData named(List<SpanData> spans, String name) {
        return single(spans, span -> span.getName().equals(name));
    }

    private static SpanData single(List<SpanData> spans, java.util.function.Predicate<SpanData> which) {
        List<SpanData> found = spans.stream().filter(which).toList();
        assertThat(found).as("spans among %s", names(spans)).hasSize(1);
        return found.getFirst();
    }
}
