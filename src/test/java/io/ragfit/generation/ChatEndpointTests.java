package io.ragfit.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.ws.rs.WebApplicationException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ragfit.openai.ChatMessage;
import io.ragfit.openai.ChatRequest;
import io.ragfit.openai.ChatResponse;
import io.ragfit.openai.EndpointUnavailableException;
import io.ragfit.openai.OutboundRefusedException;
import io.ragfit.testing.InMemoryChatModel;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

/**
 * A variant's calls as its guard and its key make them, against an in-memory model. {@link GenerationTests} makes
 * them through the API to an HTTP double.
 */
class ChatEndpointTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ChatRequest QUESTION = new ChatRequest("any", List.of(new ChatMessage("user", "Who wrote Emma?")),
            0.0, 16, null, null, null, null);

    private final InMemoryChatModel model = new InMemoryChatModel().replyWith(request -> "Jane Austen");
    private final AtomicInteger attempts = new AtomicInteger();

    private UniAssertSubscriber<ChatResponse> complete(ChatEndpoint endpoint) {
        return endpoint.complete(QUESTION, attempts).subscribe().withSubscriber(UniAssertSubscriber.create());
    }

    @Test
    void shouldSendTheKeyOnlyToTheHostsItsSecretIsBoundTo(@TempDir Path secrets) throws IOException {
        Path key = Files.writeString(secrets.resolve("openai"), "sk-test-0123\n");
        Map<String, SecretsConfig.Secret> configured = Map.of("openai", secret("file:" + key, "api.example.com"));
        ChatEndpoint bound = GuardedChatEndpoints.of(model, "hosted", URI.create("https://api.example.com/v1"), "secret:openai",
                configured);
        ChatEndpoint elsewhere = GuardedChatEndpoints.of(model, "elsewhere", URI.create("http://collector.example.org/v1"),
                "secret:openai", configured);

        complete(bound).awaitItem(WAIT);
        complete(elsewhere).awaitFailure(WAIT).assertFailedWith(OutboundRefusedException.class, "collector.example.org");

        assertThat(model.received()).extracting(InMemoryChatModel.Received::authorization).containsExactly("Bearer sk-test-0123");
    }

    @Test
    void shouldRetryServerErrorsAndRateLimitsThenAnswer() {
        model.respondWith(503, 429);

        ChatResponse response = complete(GuardedChatEndpoints.of(model, "flaky")).awaitItem(WAIT).getItem();

        assertThat(response.choices().getFirst().message().content()).isEqualTo("Jane Austen");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void shouldNeverRetryARefusalAndSayWhenTheEndpointStaysDown() {
        ChatEndpoint endpoint = GuardedChatEndpoints.of(model, "refusing");
        model.respondWith(404);

        Throwable refused = complete(endpoint).awaitFailure(WAIT).getFailure();
        int refusalAttempts = attempts.get();
        model.respondWith(503, 503, 503);
        Throwable down = complete(endpoint).awaitFailure(WAIT).getFailure();

        assertThat(refused).isInstanceOf(WebApplicationException.class);
        assertThat(refusalAttempts).isEqualTo(1);
        assertThat(endpoint.describe(refused, refusalAttempts)).isEqualTo("HTTP 404 from http://in-memory.invalid/v1 (1 attempt)");
        assertThat(down).isInstanceOf(EndpointUnavailableException.class)
                .hasMessage("HTTP 503 from http://in-memory.invalid/v1 (3 attempts)");
        assertThat(attempts).hasValue(4);
    }

    private static SecretsConfig.Secret secret(String from, String host) {
        return new SecretsConfig.Secret() {
            @Override
            public String from() {
                return from;
            }

            @Override
            public List<String> hosts() {
                return List.of(host);
            }
        };
    }
}
