package io.ragfit.api;

import jakarta.annotation.security.RolesAllowed;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.ragfit.generation.AnswerService;
import io.ragfit.generation.AnswerSet;
import io.ragfit.generation.VariantDefinition;
import io.ragfit.generation.VariantRegistry;
import io.smallrye.mutiny.Uni;

@Path("/answers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class AnswerResource {

    private final AnswerService answers;
    private final VariantRegistry variants;

    AnswerResource(AnswerService answers, VariantRegistry variants) {
        this.answers = answers;
        this.variants = variants;
    }

    /** Retrieves the context once, then asks every variant with the same prompt; failed answers come back with their reason. */
    @RolesAllowed(Roles.EVALUATOR)
    @POST
    public Uni<AnswerSet> answer(@Valid @NotNull AnswerRequest request) {
        Uni<List<String>> asked = request.variants() == null || request.variants().isEmpty()
                ? variants.all().map(all -> all.stream().map(VariantDefinition::name).sorted().toList())
                : Uni.createFrom().item(request.variants());
        return asked.chain(names -> answers.answer(request.corpus(), request.question(), names));
    }
}
