package io.ragfit.evaluation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.ragfit.generation.VariantView;
import io.ragfit.judge.JudgeConfig;

/**
 * A run as the API shows it.
 *
 * @param definitions the variants as the run froze them when it was created (what answers, whatever the
 *            registry says now)
 * @param judgeDefinition the judge as the run froze it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunView(UUID id, String name, Run.Kind kind, String corpus, List<String> variants, String judgeVariant,
        JudgeConfig.Mode judgeMode, List<String> criteria, Integer retrievalK, Instant createdAt,
        List<VariantView> definitions, VariantView judgeDefinition, ShadowSpec shadow) {

    public static RunView of(Run run) {
        // a run without a judge has no judge settings to show: nothing will use them
        boolean judged = run.judge() != null;
        return new RunView(run.id(), run.name(), run.kind(), run.corpus(), run.variantNames(), run.judgeVariant(),
                judged ? run.judgeMode() : null, judged ? run.criteria() : null, run.retrievalK(), run.createdAt(),
                run.variants().stream().map(VariantView::of).toList(),
                run.judge() == null ? null : VariantView.of(run.judge()), run.shadow());
    }
}
