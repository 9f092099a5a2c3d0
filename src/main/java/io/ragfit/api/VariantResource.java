package io.ragfit.api;

import jakarta.annotation.security.RolesAllowed;

import java.net.URI;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;

import io.ragfit.generation.AnswerService;
import io.ragfit.generation.AnswerSet;
import io.ragfit.generation.EndpointCheck;
import io.ragfit.generation.VariantDefinition;
import io.ragfit.generation.VariantRegistry;
import io.ragfit.generation.VariantService;
import io.ragfit.generation.VariantView;
import io.ragfit.retrieval.RetrievedChunk;
import io.smallrye.mutiny.Uni;

@Path("/variants")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class VariantResource {

    private final VariantService service;
    private final VariantRegistry registry;
    private final AnswerService answers;

    VariantResource(VariantService service, VariantRegistry registry, AnswerService answers) {
        this.service = service;
        this.registry = registry;
        this.answers = answers;
    }

    @GET
    public Uni<List<VariantView>> list() {
        return service.list();
    }

    @GET
    @Path("{name}")
    public Uni<VariantView> get(@RestPath String name) {
        return service.get(name);
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@NotNull VariantDefinition variant) {
        return service.create(variant).map(created -> Response.created(URI.create("/variants/" + created.name()))
                .entity(created)
                .build());
    }

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<VariantView> update(@RestPath String name, @NotNull VariantDefinition variant) {
        return service.update(name, variant);
    }

    @RolesAllowed(Roles.ADMIN)
    @DELETE
    @Path("{name}")
    public Uni<Response> delete(@RestPath String name) {
        return service.delete(name).replaceWith(Response.noContent().build());
    }

    /** Asks the endpoint whether it serves the variant's model (and, for a LoRA adapter, on which base). */
    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("{name}/check")
    public Uni<EndpointCheck> check(@RestPath String name) {
        return service.check(name);
    }

    /** The variant's answer to a question with a given context, without retrieval: for trying a variant out. */
    @RolesAllowed(Roles.EVALUATOR)
    @POST
    @Path("{name}/answers")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<AnswerSet> generate(@RestPath String name, @Valid @NotNull GenerateRequest request) {
        List<RetrievedChunk> chunks = IntStream.range(0, request.context().size())
                .mapToObj(i -> {
                    GenerateRequest.Passage passage = request.context().get(i);
                    return new RetrievedChunk(i + 1, "given-" + (i + 1), null, passage.title(), null, 0, 0,
                            passage.text().length(), passage.text(), 0);
                })
                .toList();
        return registry.require(List.of(name)).chain(variant -> answers.answer(request.question(), chunks, variant));
    }
}
