package io.ragfit.corpus.format;

import java.util.Set;

/**
 * How a format's records may sit inside a top-level object, besides standing alone or in an array: in the array
 * held by one field (BioASQ's {@code {"questions": [...]}}), or as the values of an object keyed by record id
 * (Qasper's {@code {"paper id": {...}}}). An object whose first field is one of {@code recordFields} is a record
 * itself, never a keyed container.
 *
 * @param arrayField the field whose array holds the records, or {@code null}
 * @param keyed whether an object of objects is a container keyed by record id
 */
record Wrapping(String arrayField, boolean keyed, Set<String> recordFields) {

    static final Wrapping NONE = new Wrapping(null, false, Set.of());

    static Wrapping arrayIn(String field) {
        return new Wrapping(field, false, Set.of());
    }

    static Wrapping keyedUnlessFirstFieldIn(Set<String> recordFields) {
        return new Wrapping(null, true, recordFields);
    }

    /** Whether a top-level object whose first field is {@code field}, holding an object, is a keyed container. */
    boolean keyedContainer(String field) {
        return keyed && !recordFields.contains(field);
    }
}
