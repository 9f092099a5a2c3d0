package io.ragfit.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.ragfit.corpus.JsonProblems;
import io.ragfit.corpus.PlainText;

/** Reads experiment definitions, JSON or YAML, refusing fields it does not know (a typo must not pass unseen). */
public final class ExperimentSpecReader {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .addModule(PlainText.MODULE)
            .build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .addModule(PlainText.MODULE)
            .build();

    private ExperimentSpecReader() {
    }

    public static ExperimentSpec json(String text) {
        return read(JSON, text, "JSON");
    }

    public static ExperimentSpec yaml(String text) {
        return read(YAML, text, "YAML");
    }

    private static ExperimentSpec read(ObjectMapper mapper, String text, String format) {
        try {
            ExperimentSpec spec = mapper.readValue(text, ExperimentSpec.class);
            if (spec == null) {
                throw InvalidExperimentException.invalid("the experiment definition is empty");
            }
            return spec;
        } catch (JsonProcessingException e) {
            throw InvalidExperimentException.invalid("the experiment definition is not valid " + format + ": "
                    + JsonProblems.describe(e));
        }
    }
}
