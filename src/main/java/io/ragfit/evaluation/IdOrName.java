package io.ragfit.evaluation;

import java.util.UUID;

/** Runs and experiments are addressed by id or by name: this tells which. */
public final class IdOrName {

    private IdOrName() {
    }

    /** The id the text spells, or null when it is a name. */
    public static UUID id(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
