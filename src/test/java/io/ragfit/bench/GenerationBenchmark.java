package io.ragfit.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import io.ragfit.testing.OpenAiDouble;

/**
 * {@code ./ragfit bench generation}: answers per second through the service's chat client
 * ({@code POST /variants/{name}/answers}: prompt, guard, REST client) against an OpenAI-compatible double
 * that answers at once, with 1, 8 and 64 requests in flight; then against a double taking 200 ms per
 * call, the throughput at 64 in flight as a share of the bound 64 / 0.2 s = 320 answers/s.
 */
public final class GenerationBenchmark {

    private static final String BODY = "{\"question\":\"How long does a refund take?\",\"context\":[{\"title\":\"Returns\","
            + "\"text\":\"Refunds are paid to the original payment method within five working days.\"}]}";
    private static final Duration SLOW_CALL = Duration.ofMillis(200);
    private static final int BOUND_CONCURRENCY = 64;

    public static void main(String[] args) {
        Bench.run(() -> run());
    }

    private static void run() throws Exception {
        try (OpenAiDouble model = OpenAiDouble.start(8); Bench bench = Bench.start()) {
            BenchHttp ragfit = new BenchHttp(bench.service.url(), bench.token());
            ragfit.post("/variants", Map.of("name", "bench-model", "role", "base", "endpoint", model.baseUrl().toString(),
                    "model", "bench-model", "maxConcurrentRequests", BOUND_CONCURRENCY), 201);
            URI answers = bench.service.url().resolve("/variants/bench-model/answers");
            HttpClient client = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newFixedThreadPool(8)).build();

            System.out.println("Warming up (500 answers, 8 in flight)...");
            throughput(client, answers, 8, 500);
            double c1 = measure(client, answers, 1, 500);
            double c8 = measure(client, answers, 8, 2_000);
            double c64 = measure(client, answers, 64, 4_000);

            model.latency(SLOW_CALL);
            double bound = BOUND_CONCURRENCY / (SLOW_CALL.toMillis() / 1000.0);
            System.out.printf("Double taking %d ms per call: bound %d in flight / %.1f s = %.0f answers/s%n",
                    SLOW_CALL.toMillis(), BOUND_CONCURRENCY, SLOW_CALL.toMillis() / 1000.0, bound);
            double slow = measure(client, answers, BOUND_CONCURRENCY, 2_000);
            System.out.printf("  efficiency %.3f; largest number of calls in flight at the double: %d%n", slow / bound,
                    model.maxInFlight());
            System.out.println(new Figures()
                    .put("instant_c1_per_s", Figures.round(c1, 1))
                    .put("instant_c8_per_s", Figures.round(c8, 1))
                    .put("instant_c64_per_s", Figures.round(c64, 1))
                    .put("latency_bound_efficiency_c64", Figures.round(slow / bound, 3))
                    .put("latency_bound_per_s", Figures.round(bound, 1))
                    .put("slow_c64_per_s", Figures.round(slow, 1))
                    .json());
        }
    }

    private static double measure(HttpClient client, URI answers, int inFlight, int count) {
        double perSecond = throughput(client, answers, inFlight, count);
        System.out.printf("  %d in flight: %d answers, %.1f answers/s%n", inFlight, count, perSecond);
        return perSecond;
    }

    /** Sends {@code count} requests keeping {@code inFlight} outstanding; every answer must have succeeded. */
    private static double throughput(HttpClient client, URI answers, int inFlight, int count) {
        Semaphore slots = new Semaphore(inFlight);
        AtomicInteger failed = new AtomicInteger();
        CompletableFuture<?>[] calls = new CompletableFuture<?>[count];
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            slots.acquireUninterruptibly();
            calls[i] = client.sendAsync(HttpRequest.newBuilder(answers)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofMinutes(1))
                    .POST(HttpRequest.BodyPublishers.ofString(BODY))
                    .build(), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> {
                        if (failure != null || response.statusCode() != 200 || !response.body().contains("\"ANSWERED\"")) {
                            failed.incrementAndGet();
                        }
                        slots.release();
                    });
        }
        CompletableFuture.allOf(calls).join();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + count + " answers failed at " + inFlight + " in flight");
        }
        return count / seconds;
    }
}
