package io.ragfit.generation;

/** A variant as stored, with what its endpoint said when last checked (null before the first check). */
record StoredVariant(VariantDefinition definition, EndpointCheck lastCheck) {
}
