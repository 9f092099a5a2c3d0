package io.ragfit.evaluation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.ragfit.generation.VariantDefinition;
import io.ragfit.judge.Judge;
import io.ragfit.judge.JudgeConfig;

/**
 * One evaluation run: a set of questions put to a set of model variants, judged one way. The definitions of
 * its variants and of its judge are frozen when it is created: later edits of those variants never change
 * what a run asks, nor what its reports say answered.
 *
 * @param judge the judge variant's definition; null when the run has no judge (reference metrics only)
 * @param retrievalK chunks retrieved per question; null for the service's {@code ragfit.retrieval.k}
 * @param shadow how candidates are compared with production on live questions; null when the run compares nothing
 */
public record Run(UUID id, String name, Kind kind, String corpus, List<VariantDefinition> variants,
        VariantDefinition judge, JudgeConfig.Mode judgeMode, List<String> criteria, Integer retrievalK,
        Instant createdAt, ShadowSpec shadow) {

    public enum Kind {
        /** Questions streaming in over Kafka without a run of their own. */
        LIVE,
        /** Questions submitted over HTTP or Kafka for a run created for them. */
        BATCH,
        /** An experiment's evaluation. */
        EXPERIMENT
    }

    public List<String> variantNames() {
        return variants.stream().map(VariantDefinition::name).toList();
    }

    public String judgeVariant() {
        return judge == null ? null : judge.name();
    }

    /** Its shadow comparison; refused (409) when the run compares no candidate with production. */
    public ShadowSpec requireShadow() {
        if (shadow == null) {
            throw new InvalidRunException("run '" + name + "' compares no candidate with production: a live comparison"
                    + " is a run created with \"shadow\" (docs/live.md)", true);
        }
        return shadow;
    }

    public Judge.Settings judgeSettings() {
        return new Judge.Settings(judge, judgeMode, criteria);
    }
}
