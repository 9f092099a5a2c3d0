package io.ragfit.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.ragfit.devstack.DevRealm;

/**
 * Real access tokens from the devstack's Keycloak, kept until shortly before they expire (the realm issues
 * them for an hour), so that a test run asks the provider once per user rather than once per request.
 */
public final class TestTokens {

    private static final Duration REUSE_FOR = Duration.ofMinutes(45);
    private static final Map<String, Issued> ISSUED = new ConcurrentHashMap<>();

    private record Issued(String token, Instant at) {
    }

    private TestTokens() {
    }

    /** A token for a user of the devstack realm: demo (every role), viewer, evaluator, admin or norole. */
    public static String user(String realmUrl, String user) {
        return reuse(realmUrl + " user " + user, () -> DevRealm.userToken(realmUrl, user));
    }

    /** A token of the batch client (client credentials; role evaluator). */
    public static String batchClient(String realmUrl) {
        return reuse(realmUrl + " client", () -> DevRealm.batchClientToken(realmUrl));
    }

    private static String reuse(String key, java.util.function.Supplier<String> fetch) {
        return ISSUED.compute(key, (ignored, issued) -> issued != null && issued.at().plus(REUSE_FOR).isAfter(Instant.now())
                ? issued
                : new Issued(fetch.get(), Instant.now())).token();
    }
}
