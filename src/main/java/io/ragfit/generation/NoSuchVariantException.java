package io.ragfit.generation;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import io.ragfit.failure.RefusedException;

public class NoSuchVariantException extends RefusedException {

    public NoSuchVariantException(List<String> unknown, Collection<String> known) {
        super(Family.NOT_FOUND, "no variant " + String.join(", ", unknown) + "; variants: " + String.join(", ", new TreeSet<>(known)));
    }
}
