package io.ragfit.generation;

import io.ragfit.failure.RefusedException;

/** A change the registry cannot take: a name already used, a base variant still referenced, an invalid definition. */
public class VariantConflictException extends RefusedException {

    private VariantConflictException(Family family, String message) {
        super(family, message);
    }

    static VariantConflictException conflict(String message) {
        return new VariantConflictException(Family.CONFLICT, message);
    }

    static VariantConflictException invalid(String message) {
        return new VariantConflictException(Family.INVALID, message);
    }
}
