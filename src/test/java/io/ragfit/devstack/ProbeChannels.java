package io.ragfit.devstack;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/** Two SmallRye channels bound to one Kafka topic (see the %test block of application.properties). */
@ApplicationScoped
public class ProbeChannels {

    private final List<String> received = new CopyOnWriteArrayList<>();

    @Inject
    @Channel("probe-out")
    MutinyEmitter<String> out;

    Uni<Void> send(String payload) {
        return out.send(payload);
    }

    @Incoming("probe-in")
    void receive(String payload) {
        received.add(payload);
    }

    List<String> received() {
        return received;
    }
}
