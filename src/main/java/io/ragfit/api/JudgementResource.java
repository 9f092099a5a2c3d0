package io.ragfit.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.ragfit.corpus.Answer;
import io.ragfit.generation.VariantRegistry;
import io.ragfit.judge.Evaluation;
import io.ragfit.judge.JudgeService;
import io.smallrye.mutiny.Uni;

@Path("/judgements")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class JudgementResource {

    private final JudgeService judge;
    private final VariantRegistry variants;

    JudgementResource(JudgeService judge, VariantRegistry variants) {
        this.judge = judge;
        this.variants = variants;
    }

    /** G-Eval on each criterion (when a judge variant is configured or named) and reference metrics (when given). */
    @POST
    public Uni<Evaluation> judge(@Valid @NotNull JudgementRequest request) {
        judge.judge(Optional.ofNullable(request.judge())).ifPresent(name -> {
            if (variants.require(List.of(name)).getFirst().builtin()) {
                throw new InvalidRequestException("variant '" + name + "' is built in: it cannot judge");
            }
        });
        List<Answer> references = new ArrayList<>(request.references() == null ? List.of() : request.references());
        if (request.reference() != null && !request.reference().isBlank()) {
            references.add(Answer.of(Answer.Kind.IDEAL, request.reference()));
        }
        return judge.evaluate(
                new JudgeService.Input(request.question(), request.context() == null ? List.of() : request.context(),
                        request.answer(), references, request.questionType()),
                request.criteria() == null ? List.of() : request.criteria(),
                Optional.ofNullable(request.mode()),
                Optional.ofNullable(request.judge()));
    }
}
