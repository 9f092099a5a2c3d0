package io.ragfit.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A PostgreSQL server from the binaries zonky publishes on Maven Central, with ragfit's role and database. */
final class PostgresServer implements Backend {

    static final String DATABASE = "ragfit";
    static final String USER = "ragfit";
    static final String PASSWORD = "ragfit";

    private final EmbeddedPostgres postgres;
    private final long pid;
    private final Path log;

    private PostgresServer(EmbeddedPostgres postgres, long pid, Path log) {
        this.postgres = postgres;
        this.pid = pid;
        this.log = log;
    }

    static PostgresServer start(Path stackDir, ProcessRecords records, boolean keepData, Duration timeout) {
        Path data = stackDir.resolve("postgres").resolve("data");
        Path log = stackDir.resolve("logs").resolve("postgres.log");
        try {
            Files.createDirectories(log.getParent());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(!keepData)
                    .setPort(LoopbackPorts.free())
                    .setPGStartupWait(timeout)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            // pg_ctl has exited by now; the server's own PID is the first line of postmaster.pid
            long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().trim());
            records.record("postgres", pid);
            createRoleAndDatabase(postgres);
            return new PostgresServer(postgres, pid, log);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start; see " + log, e);
        }
    }

    int port() {
        return postgres.getPort();
    }

    @Override
    public Map<String, String> quarkusConfig() {
        String hostAndDatabase = "127.0.0.1:" + port() + "/" + DATABASE;
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://" + hostAndDatabase,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostAndDatabase,
                "quarkus.datasource.username", USER,
                "quarkus.datasource.password", PASSWORD);
    }

    @Override
    public String summary() {
        return "PostgreSQL at 127.0.0.1:" + port() + "/" + DATABASE + " (PID " + pid + ", log " + log + ")";
    }

    @Override
    public void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void createRoleAndDatabase(EmbeddedPostgres postgres) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            if (!statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + USER + "'").next()) {
                statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            }
            if (!statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'").next()) {
                statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the " + DATABASE + " database", e);
        }
    }
}
