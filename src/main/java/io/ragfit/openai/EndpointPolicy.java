package io.ragfit.openai;

import java.time.Duration;

/**
 * How politely ragfit calls one endpoint.
 *
 * @param maxConcurrentRequests requests in flight at once; more wait their turn
 * @param timeout for one attempt, once it has its turn
 * @param maxRetries after the first attempt, on 429, 5xx and connection failures
 * @param backoff first retry delay (doubled each retry, with full jitter) unless the server sends Retry-After
 * @param maxBackoff longest computed delay
 * @param maxRetryAfter longest Retry-After obeyed
 */
public record EndpointPolicy(int maxConcurrentRequests, Duration timeout, int maxRetries, Duration backoff,
        Duration maxBackoff, Duration maxRetryAfter) {
}
