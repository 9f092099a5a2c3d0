package io.ragfit.testing;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Every {@code @QuarkusTest} calls the service as the devstack realm's demo user (every role), with a real
 * token from Keycloak; tests about authentication and roles choose their own ({@link #tokenOf}).
 */
public class SignedInRestAssured implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.authentication = RestAssured.oauth2(tokenOf("demo"));
    }

    /** A token of a user of the realm the service under test trusts: demo, viewer, evaluator, admin or norole. */
    public static String tokenOf(String user) {
        return TestTokens.user(realmUrl(), user);
    }

    public static String realmUrl() {
        return ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
    }
}
