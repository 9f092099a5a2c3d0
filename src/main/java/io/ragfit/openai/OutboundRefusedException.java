package io.ragfit.openai;

/** An endpoint the outbound policy does not allow: nothing was sent, and nothing will be until the policy changes. */
public final class OutboundRefusedException extends RuntimeException {

    public OutboundRefusedException(String message) {
        super(message);
    }
}
