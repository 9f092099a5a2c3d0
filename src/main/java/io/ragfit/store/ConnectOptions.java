package io.ragfit.store;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.pgclient.PgConnectOptions;

/** Where PostgreSQL is, for the connections ragfit opens outside the pool (listening, relaying). */
@ApplicationScoped
class ConnectOptions {

    private final String url;
    private final String user;
    private final String password;

    ConnectOptions(@ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    PgConnectOptions get() {
        return PgConnectOptions.fromUri(url).setUser(user).setPassword(password);
    }
}
