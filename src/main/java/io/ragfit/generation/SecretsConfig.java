package io.ragfit.generation;

import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

/**
 * The API keys an administrator makes available to variants, by name: {@code ragfit.secrets.NAME.from} says where
 * the key is read ({@code env:VARIABLE} or {@code file:/mounted/secret}) and {@code ragfit.secrets.NAME.hosts}
 * the endpoint hosts it may be sent to. A variant names one as {@code apiKeyRef: secret:NAME}.
 */
@ConfigMapping(prefix = "ragfit.secrets")
public interface SecretsConfig {

    @WithParentName
    Map<String, Secret> named();

    interface Secret {

        /** {@code env:VARIABLE} or {@code file:/path}, read when a request is sent, never stored. */
        String from();

        /** Host names ({@code api.example.com}, {@code *.example.com}) the key may be sent to. */
        List<String> hosts();
    }
}
