package io.ragfit.generation;

import java.util.Locale;
import java.util.Map;

import io.ragfit.generation.VariantDefinition.FineTuning;
import io.ragfit.generation.VariantDefinition.GenerationParameters;
import io.ragfit.generation.VariantDefinition.Kind;
import io.ragfit.generation.VariantDefinition.Role;

/** What makes a variant definition valid, with its defaults filled in. */
final class VariantRules {

    static final String NAME = "[a-z0-9][a-z0-9._-]{0,63}";
    static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 8;

    private VariantRules() {
    }

    /** The definition with its defaults, or a {@link VariantConflictException} (invalid) saying what is wrong. */
    static VariantDefinition validated(VariantDefinition variant, Map<String, VariantDefinition> others) {
        require(variant.name() != null && variant.name().matches(NAME),
                "a variant name is 1-64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");
        require(variant.role() != null, "role is base or fine-tuned");
        Kind kind = variant.kind() == null ? Kind.OPENAI : variant.kind();
        if (kind == Kind.OPENAI) {
            require(variant.endpoint() != null && variant.endpoint().isAbsolute()
                    && ("http".equals(variant.endpoint().getScheme()) || "https".equals(variant.endpoint().getScheme())),
                    "endpoint is the base URL of an OpenAI-compatible API, e.g. http://vllm:8000/v1");
            require(variant.model() != null && !variant.model().isBlank(),
                    "model is the id sent in requests (a vLLM LoRA adapter's name for a fine-tuned variant)");
        } else {
            require(variant.endpoint() == null, "a built-in variant has no endpoint");
        }
        if (variant.role() == Role.FINE_TUNED) {
            require(variant.baseVariant() != null, "a fine-tuned variant names its baseVariant");
            require(!variant.baseVariant().equals(variant.name()), "a variant cannot be its own base");
            VariantDefinition base = others.get(variant.baseVariant());
            require(base != null, "baseVariant '" + variant.baseVariant() + "' does not exist");
            require(base.role() == Role.BASE, "baseVariant '" + variant.baseVariant() + "' is not a base variant");
        } else {
            require(variant.baseVariant() == null, "a base variant has no baseVariant");
        }
        int maxConcurrent = variant.maxConcurrentRequests() == 0 ? DEFAULT_MAX_CONCURRENT_REQUESTS
                : variant.maxConcurrentRequests();
        require(maxConcurrent >= 1 && maxConcurrent <= 1024, "maxConcurrentRequests is between 1 and 1024");
        GenerationParameters parameters = variant.parameters() == null ? new GenerationParameters(null, null, null)
                : variant.parameters();
        require(parameters.temperature() == null || parameters.temperature() >= 0 && parameters.temperature() <= 2,
                "temperature is between 0 and 2");
        require(parameters.maxTokens() == null || parameters.maxTokens() >= 1, "maxTokens is at least 1");
        return new VariantDefinition(variant.name(), variant.role(), variant.baseVariant(), kind, variant.endpoint(),
                switch (kind) {
                    case BUILTIN_EXTRACTIVE -> ExtractiveReader.MODEL;
                    case BUILTIN_TUNED -> TunedReader.MODEL;
                    case OPENAI -> variant.model();
                }, variant.apiKeyRef(),
                parameters, maxConcurrent, fineTuning(variant.fineTuning()));
    }

    private static FineTuning fineTuning(FineTuning tuning) {
        if (tuning == null || tuning.method() == null) {
            return tuning;
        }
        String method = switch (tuning.method().toLowerCase(Locale.ROOT)) {
            case "lora" -> "LoRA";
            case "qlora" -> "QLoRA";
            case TunedReader.METHOD -> TunedReader.METHOD;
            default -> throw VariantConflictException.invalid("fineTuning.method is LoRA or QLoRA, not " + tuning.method());
        };
        return new FineTuning(tuning.trainSize(), method, tuning.epochs(), tuning.effectiveBatchSize(), tuning.loraRank(),
                tuning.loraAlpha(), tuning.trainingDataId());
    }

    private static void require(boolean condition, String rule) {
        if (!condition) {
            throw VariantConflictException.invalid(rule);
        }
    }
}
