package io.ragfit.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server from the binaries zonky publishes on Maven Central, with ragfit's role and database. Its
 * data directory is the stack's: a server killed and started again has what it had committed.
 */
final class PostgresServer implements Backend {

    static final String DATABASE = "ragfit";
    static final String USER = "ragfit";
    static final String PASSWORD = "ragfit";

    private final Path data;
    private final Path log;
    private final int port;
    private final ProcessRecords records;
    private volatile EmbeddedPostgres postgres;
    private volatile long pid;

    private PostgresServer(Path stackDir, int port, ProcessRecords records) {
        this.data = stackDir.resolve("postgres").resolve("data");
        this.log = stackDir.resolve("logs").resolve("postgres.log");
        this.port = port;
        this.records = records;
    }

    static PostgresServer start(Path stackDir, ProcessRecords records, Duration timeout) {
        int port = LoopbackPorts.kept(stackDir.resolve("postgres").resolve("ports.properties"), "server").get("server");
        PostgresServer server = new PostgresServer(stackDir, port, records);
        server.launch(timeout);
        createRoleAndDatabase(server.postgres);
        return server;
    }

    private void launch(Duration timeout) {
        try {
            Files.createDirectories(log.getParent());
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // zonky turns it off for speed; a server killed then must not lose what it said was committed
                    .setServerConfig("synchronous_commit", "on")
                    .setPGStartupWait(timeout)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            // pg_ctl has exited by now; the server's own PID is the first line of postmaster.pid
            pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().trim());
            records.record(name(), pid);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start; see " + log, e);
        }
    }

    int port() {
        return port;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Map<String, String> quarkusConfig() {
        String hostAndDatabase = "127.0.0.1:" + port + "/" + DATABASE;
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://" + hostAndDatabase,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostAndDatabase,
                "quarkus.datasource.username", USER,
                "quarkus.datasource.password", PASSWORD);
    }

    @Override
    public String summary() {
        return "PostgreSQL at 127.0.0.1:" + port + "/" + DATABASE + " (PID " + pid + ", log " + log + ")";
    }

    @Override
    public void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL to the postmaster; its backends notice and exit, and the server is gone once they have. */
    @Override
    public void kill() {
        ProcessHandle.of(pid).ifPresent(postmaster -> {
            List<ProcessHandle> backends = postmaster.descendants().toList();
            postmaster.destroyForcibly();
            await(postmaster);
            backends.forEach(PostgresServer::await);
        });
        // releases the data directory's lock; its own attempt to stop the dead server fails, as it should
        stop();
    }

    @Override
    public void restart(Duration timeout) {
        launch(timeout);
    }

    private static void await(ProcessHandle process) {
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception stillThere) {
            process.destroyForcibly();
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
