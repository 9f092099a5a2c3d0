package io.ragfit.experiment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.ragfit.judge.JudgeConfig;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunView(UUID id, String name, Run.Kind kind, String corpus, List<String> variants, String judgeVariant,
        JudgeConfig.Mode judgeMode, List<String> criteria, Integer retrievalK, Instant createdAt) {

    public static RunView of(Run run) {
        return new RunView(run.id, run.name, run.kind, run.corpus, run.variants, run.judgeVariant, run.judgeMode,
                run.criteria, run.retrievalK, run.createdAt);
    }
}
