package io.ragfit.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Access tokens from the devstack's realm (src/devstack/resources/io/ragfit/devstack/keycloak-realm.json):
 * users {@code demo} (every role), {@code viewer}, {@code evaluator}, {@code admin} and {@code norole}, each
 * with their name as password, and the confidential client {@code ragfit-batch} (role evaluator). For local
 * stacks and tests only: these credentials are public.
 */
public final class DevRealm {

    public static final String BATCH_CLIENT = "ragfit-batch";
    public static final String BATCH_CLIENT_SECRET = "ragfit-batch-local-secret";
    /** The dashboard's and reports' client for browser logins (authorization code flow). */
    public static final String WEB_CLIENT_SECRET = "ragfit-web-local-secret";
    /** A client of the realm whose tokens are not meant for ragfit (no ragfit audience). */
    public static final String OTHER_CLIENT = "ragfit-other";
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DevRealm() {
    }

    /** A token for a user of the realm, by the password grant of the command-line client. */
    public static String userToken(String realmUrl, String user) {
        return token(realmUrl, Map.of("grant_type", "password", "client_id", "ragfit-cli", "username", user,
                "password", user));
    }

    /** A token of the batch client, by the client-credentials grant, as HTTP batch clients get theirs. */
    public static String batchClientToken(String realmUrl) {
        return token(realmUrl, Map.of("grant_type", "client_credentials", "client_id", BATCH_CLIENT,
                "client_secret", BATCH_CLIENT_SECRET));
    }

    /** A token for the demo user issued to another client of the realm: valid, but not for ragfit. */
    public static String otherAudienceToken(String realmUrl) {
        return token(realmUrl, Map.of("grant_type", "password", "client_id", OTHER_CLIENT, "username", "demo",
                "password", "demo"));
    }

    private static String token(String realmUrl, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher token = ACCESS_TOKEN.matcher(response.body());
            if (response.statusCode() != 200 || !token.find()) {
                throw new IllegalStateException("No token from " + realmUrl + ": HTTP " + response.statusCode() + " "
                        + response.body());
            }
            return token.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reach the OIDC provider at " + realmUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking " + realmUrl + " for a token", e);
        }
    }
}
