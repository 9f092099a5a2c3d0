package io.ragfit.experiment;

import java.util.UUID;

/** Runs and experiments are addressed by id or by name: this tells which. */
final class IdOrName {

    private IdOrName() {
    }

    /** The id the text spells, or null when it is a name. */
    static UUID id(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
