package io.ragfit.api;

import jakarta.annotation.security.RolesAllowed;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.ragfit.corpus.ReferenceAnswer;
import io.ragfit.generation.VariantDefinition;
import io.ragfit.generation.VariantRegistry;
import io.ragfit.judge.Evaluation;
import io.ragfit.judge.Judge;
import io.ragfit.judge.JudgeConfig;
import io.smallrye.mutiny.Uni;

@Path("/judgements")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class JudgementResource {

    private final Judge judge;
    private final VariantRegistry variants;
    private final JudgeConfig config;

    JudgementResource(Judge judge, VariantRegistry variants, JudgeConfig config) {
        this.judge = judge;
        this.variants = variants;
        this.config = config;
    }

    /**
     * G-Eval on each criterion (when a judge variant is configured or named) and reference metrics (when given).
     * A judge that cannot be reached gives judgements without a score, with the reason.
     */
    @RolesAllowed(Roles.EVALUATOR)
    @POST
    public Uni<Evaluation> judge(@Valid @NotNull JudgementRequest request) {
        String name = request.judge() != null ? request.judge() : config.variant().orElse(null);
        Uni<VariantDefinition> judgeVariant = name == null ? Uni.createFrom().nullItem()
                : variants.require(List.of(name)).map(found -> {
                    if (found.getFirst().builtin()) {
                        throw new InvalidRequestException("variant '" + name + "' is built in: it cannot judge");
                    }
                    return found.getFirst();
                });
        List<ReferenceAnswer> references = new ArrayList<>(request.references() == null ? List.of() : request.references());
        if (references.stream().anyMatch(reference -> reference.text() == null || reference.text().length() > 20_000
                || reference.synonyms() != null && reference.synonyms().size() > 50)) {
            throw new InvalidRequestException("each reference has a text of at most 20000 characters and at most 50 synonyms");
        }
        if (request.reference() != null && !request.reference().isBlank()) {
            references.add(ReferenceAnswer.of(ReferenceAnswer.Kind.IDEAL, request.reference()));
        }
        return judgeVariant.chain(definition -> judge.evaluate(
                new Judge.Input(request.question(), request.context() == null ? List.of() : request.context(),
                        request.answer(), references, request.questionType(), false),
                new Judge.Settings(definition, request.mode(), request.criteria() == null ? List.of() : request.criteria()),
                Judge.OnOutage.RECORD));
    }
}
