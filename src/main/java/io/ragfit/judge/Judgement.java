package io.ragfit.judge;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One criterion judged for one answer, with everything needed to trust or reproduce it.
 *
 * @param score the mean of the valid samples (repeat) or the probability-weighted score (logprobs); null
 *            when no reply could be read
 * @param standardDeviation of the valid samples (repeat) or of the distribution (logprobs)
 * @param samples every reply, parsed or not (an unparsable reply has no score and never counts as one)
 * @param distribution p(s) over the scale's points (logprobs)
 * @param requests HTTP requests sent to the judge
 * @param fallback why the judgement was not made in the mode asked for (e.g. no log probabilities came back)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Judgement(String criterion, JudgeConfig.Mode mode, Double score, Double standardDeviation,
        int samplesRequested, int validSamples, List<Sample> samples, Map<Integer, Double> distribution,
        String judgeVariant, String judgeModel, String promptHash, String stepsVersion, String fallback, String error,
        int requests) {

    /** A judgement the judge could not make: no score and no sample, only the reason. */
    public static Judgement unmade(String criterion, JudgeConfig.Mode mode, String judgeVariant, String judgeModel,
            String error) {
        return new Judgement(criterion, mode, null, null, 0, 0, List.of(), null, judgeVariant, judgeModel, null, null, null,
                error, 0);
    }

    /** One reply of the judge and the score read from it, if any. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sample(int index, String reply, Double score) {
    }
}
