package io.ragfit.judge;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ragfit.judge")
public interface JudgeConfig {

    enum Mode {
        /** N sampled replies, each parsed; the score is their mean. */
        REPEAT,
        /** One reply; the score is the probability-weighted mean over the scale's tokens. */
        LOGPROBS
    }

    /**
     * The registered variant that judges (its endpoint, model, key and concurrency limit). Without one,
     * answers get reference metrics only.
     */
    Optional<String> variant();

    /** {@code repeat} or {@code logprobs}. Defaults to {@code repeat}, as in the paper. */
    @WithDefault("repeat")
    Mode mode();

    /** Samples per judgement in repeat mode. Defaults to 10, as in the paper. */
    @WithDefault("10")
    int samples();

    /** Sampling temperature in repeat mode. Defaults to 1.0. */
    @WithDefault("1.0")
    double temperature();

    /** Extra samples allowed when replies cannot be parsed, per judgement. Defaults to 10. */
    @WithDefault("10")
    int unparsableBudget();

    /** Alternatives per token asked in logprobs mode (vLLM caps it with --max-logprobs, 20 by default). Defaults to 20. */
    @WithDefault("20")
    int topLogprobs();

    /** Tokens a score reply may take. Defaults to 8. */
    @WithDefault("8")
    int scoreMaxTokens();

    /** Tokens the evaluation steps may take. Defaults to 512. */
    @WithDefault("512")
    int stepsMaxTokens();

    /** Criteria judged when a request names none. Defaults to accuracy and completeness. */
    @WithDefault("accuracy,completeness")
    List<String> defaultCriteria();

    /**
     * Criteria by key: give {@code steps} to fix the evaluation steps of accuracy or completeness, or a
     * {@code name} and {@code definition} (and optionally {@code min}, {@code max}, {@code anchors}) to add one.
     */
    Map<String, CriterionConfig> criteria();

    interface CriterionConfig {

        Optional<String> name();

        Optional<String> definition();

        Optional<Integer> min();

        Optional<Integer> max();

        /** Labels of points of the scale, by point: {@code anchors.1=Poor}. */
        Map<String, String> anchors();

        /** Evaluation steps to use instead of having the judge write them. */
        Optional<String> steps();
    }
}
