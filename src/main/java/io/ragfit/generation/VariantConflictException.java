package io.ragfit.generation;

import io.ragfit.failure.RefusedException;

/** A change the registry cannot take: a name already used, a base variant still referenced, an invalid definition. */
public class VariantConflictException extends RefusedException {

    private final boolean invalid;

    private VariantConflictException(String message, boolean invalid) {
        super(invalid ? Family.INVALID : Family.CONFLICT, message);
        this.invalid = invalid;
    }

    static VariantConflictException conflict(String message) {
        return new VariantConflictException(message, false);
    }

    static VariantConflictException invalid(String message) {
        return new VariantConflictException(message, true);
    }

    /** True for a definition that is wrong in itself (400), false for one that clashes with the registry (409). */
    public boolean invalid() {
        return invalid;
    }
}
