package io.ragfit.generation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ragfit.prompt")
public interface PromptConfig {

    /** The system message every variant receives. */
    @WithDefault("You answer questions using the context passages you are given. Base your answer on the context;"
            + " if the context does not contain the answer, say that it does not. Answer concisely.")
    String system();

    /** The user message; {context} and {question} are replaced. */
    @WithDefault("Context:\n{context}\n\nQuestion: {question}\nAnswer:")
    String user();

    /**
     * Most characters of retrieved context in a prompt. Defaults to {@code 8000}: the paper's five
     * 1,500-character chunks and their headers.
     */
    @WithDefault("8000")
    int contextBudget();
}
