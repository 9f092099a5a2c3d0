package io.ragfit.api;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;
import io.ragfit.corpus.PlainText;

/** The service's JSON: text with control characters is refused wherever it arrives. */
@Singleton
class JsonSettings implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(PlainText.MODULE);
    }
}
