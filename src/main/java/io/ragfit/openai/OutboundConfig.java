package io.ragfit.openai;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The outbound allow-list ({@link OutboundPolicy}): nothing is allowed unless listed. */
@ConfigMapping(prefix = "ragfit.outbound")
public interface OutboundConfig {

    /** Host names ({@code vllm.models.svc}, {@code *.example.com}), addresses or CIDRs endpoint URLs may name. */
    Optional<List<String>> allowedHosts();

    /** Non-public addresses (private, loopback, link-local...) that allowed hosts may resolve to, as CIDRs. */
    Optional<List<String>> allowedCidrs();
}
