package io.ragfit.generation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.openai.EndpointUnavailableException;
import io.ragfit.retrieval.RetrievedChunk;
import io.ragfit.retrieval.Retriever;
import io.smallrye.mutiny.Uni;

/**
 * Retrieval once, one prompt, every variant: the fairness the comparison rests on. Variants answer in
 * parallel (each bounded by its endpoint), and a variant that fails does not hold back the others: asked
 * here, once, an endpoint that cannot answer gives a FAILED answer with its reason.
 */
@ApplicationScoped
public class AnswerService {

    private final Retriever retriever;
    private final VariantRegistry variants;
    private final PromptBuilder prompts;

    AnswerService(Retriever retriever, VariantRegistry variants, PromptConfig prompt) {
        this.retriever = retriever;
        this.variants = variants;
        this.prompts = PromptBuilder.from(prompt);
    }

    public Uni<AnswerSet> answer(String corpus, String question, List<String> variantNames) {
        return variants.require(variantNames).chain(asked -> retriever.retrieve(corpus, question)
                .chain(chunks -> answer(question, chunks, asked)
                        .map(result -> new AnswerSet(corpus, question, chunks, result.prompt(), result.answers()))));
    }

    /** The answers of the variants to the question with these chunks as context (no retrieval). */
    public Uni<AnswerSet> answer(String question, List<RetrievedChunk> chunks, List<VariantDefinition> asked) {
        Prompt prompt = prompt(question, chunks);
        if (asked.isEmpty()) {
            return Uni.createFrom().item(new AnswerSet(null, question, chunks, prompt, List.of()));
        }
        long started = System.nanoTime();
        List<Uni<GeneratedAnswer>> answers = asked.stream()
                .map(variant -> variants.source(variant).answer(question, chunks, prompt)
                        .onFailure(EndpointUnavailableException.class)
                        .recoverWithItem(failure -> ChatVariant.failed(variant, prompt, started,
                                ((EndpointUnavailableException) failure).attempts(), failure.getMessage())))
                .toList();
        return Uni.join().all(answers).andFailFast()
                .map(all -> new AnswerSet(null, question, chunks, prompt, all));
    }

    /** The one prompt every variant gets for this question and these chunks. */
    public Prompt prompt(String question, List<RetrievedChunk> chunks) {
        return prompts.build(question, chunks);
    }
}
