package io.ragfit.generation;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

public class NoSuchVariantException extends RuntimeException {

    public NoSuchVariantException(List<String> unknown, Collection<String> known) {
        super("no variant " + String.join(", ", unknown) + "; variants: " + String.join(", ", new TreeSet<>(known)));
    }
}
