package io.ragfit.testing;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.IntStream;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import io.opentelemetry.context.Context;
import io.ragfit.openai.ChatMessage;
import io.ragfit.openai.ChatRequest;
import io.ragfit.openai.ChatResponse;
import io.ragfit.openai.EmbeddingsRequest;
import io.ragfit.openai.EmbeddingsResponse;
import io.ragfit.openai.ModelList;
import io.ragfit.openai.OpenAiApi;
import io.ragfit.openai.Usage;
import io.smallrye.mutiny.Uni;

/**
 * ragfit's {@link OpenAiApi} port served in memory, for tests of service logic that need no process: it answers
 * chat requests as scripted (with {@code n} choices, log probabilities when asked and given, {@code usage}),
 * fails the next requests with an HTTP status as the REST client would, and keeps what it was sent. Tests of the
 * HTTP protocol itself use {@link OpenAiDouble}.
 */
public final class InMemoryChatModel implements OpenAiApi {

    /** A chat request as received, with its {@code Authorization} header value ({@code null} for none). */
    public record Received(String authorization, ChatRequest request) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private volatile Function<ChatRequest, String> replies = request -> "4";
    private volatile boolean honoursN = true;
    private volatile Map<String, Double> tokenProbabilities;

    /** Each choice's content, from the request (called once per choice). */
    public InMemoryChatModel replyWith(Function<ChatRequest, String> replies) {
        this.replies = replies;
        return this;
    }

    /** Answers one choice whatever {@code n} asks, as TGI does. */
    public InMemoryChatModel ignoreN() {
        this.honoursN = false;
        return this;
    }

    /** Answers a {@code logprobs} request with the most probable token and these as its top log probabilities. */
    public InMemoryChatModel tokenProbabilities(Map<String, Double> probabilities) {
        this.tokenProbabilities = probabilities;
        return this;
    }

    /**
     * The next requests get these statuses in turn (200: answered as scripted, any other: failed as the REST client
     * fails on it); after them, every request is answered.
     */
    public InMemoryChatModel respondWith(Integer... next) {
        statuses.addAll(List.of(next));
        return this;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public Uni<ChatResponse> chat(String authorization, ChatRequest request, Context trace) {
        return Uni.createFrom().deferred(() -> {
            received.add(new Received(authorization, request));
            Integer status = statuses.poll();
            if (status != null && status != 200) {
                return Uni.createFrom().failure(new WebApplicationException(Response.status(status).build()));
            }
            Map<String, Double> probabilities = tokenProbabilities;
            boolean withLogprobs = Boolean.TRUE.equals(request.logprobs()) && probabilities != null;
            int n = honoursN && request.n() != null ? request.n() : 1;
            List<ChatResponse.Choice> choices = IntStream.range(0, n)
                    .mapToObj(index -> withLogprobs ? withLogprobs(index, probabilities)
                            : new ChatResponse.Choice(index, new ChatMessage("assistant", replies.apply(request)), "stop", null))
                    .toList();
            int promptTokens = request.messages().stream().mapToInt(message -> message.content().split("\\s+").length).sum();
            int completionTokens = choices.stream().mapToInt(choice -> choice.message().content().split("\\s+").length).sum();
            return Uni.createFrom().item(new ChatResponse("chatcmpl-" + received.size(), request.model(), choices,
                    new Usage(promptTokens, completionTokens, promptTokens + completionTokens)));
        });
    }

    private static ChatResponse.Choice withLogprobs(int index, Map<String, Double> probabilities) {
        List<ChatResponse.TopLogprob> top = probabilities.entrySet().stream()
                .sorted(Map.Entry.<String, Double> comparingByValue(Comparator.reverseOrder()))
                .map(entry -> new ChatResponse.TopLogprob(entry.getKey(), Math.log(entry.getValue())))
                .toList();
        ChatResponse.TopLogprob chosen = top.getFirst();
        return new ChatResponse.Choice(index, new ChatMessage("assistant", chosen.token()), "stop", new ChatResponse.Logprobs(
                List.of(new ChatResponse.TokenLogprob(chosen.token(), chosen.logprob(), top))));
    }

    @Override
    public Uni<EmbeddingsResponse> embeddings(String authorization, EmbeddingsRequest request) {
        return Uni.createFrom().failure(new WebApplicationException(Response.status(404).build()));
    }

    @Override
    public Uni<ModelList> models(String authorization) {
        return Uni.createFrom().item(new ModelList(List.of()));
    }
}
