package io.ragfit.generation;

import java.util.ArrayList;
import java.util.List;


import io.ragfit.openai.ChatMessage;
import io.ragfit.retrieval.RetrievedChunk;

/**
 * The RAG prompt: the retrieved chunks in rank order, each under a numbered header, as long as they fit
 * the context budget, placed in a system + user template. A function of the question and the chunks
 * only, so every variant of a question receives the same bytes.
 */
public final class PromptBuilder {

    static final String CONTEXT = "{context}";
    static final String QUESTION = "{question}";

    private final String system;
    private final String user;
    private final int contextBudget;

    public PromptBuilder(String system, String user, int contextBudget) {
        if (!user.contains(CONTEXT) || !user.contains(QUESTION)) {
            throw new IllegalArgumentException("the user template must contain " + CONTEXT + " and " + QUESTION);
        }
        if (contextBudget < 100) {
            throw new IllegalArgumentException("the context budget must be at least 100 characters, was " + contextBudget);
        }
        this.system = system;
        this.user = user;
        this.contextBudget = contextBudget;
    }

    public static PromptBuilder from(PromptConfig config) {
        return new PromptBuilder(config.system(), config.user(), config.contextBudget());
    }

    public Prompt build(String question, List<RetrievedChunk> chunks) {
        StringBuilder context = new StringBuilder();
        List<String> included = new ArrayList<>();
        for (RetrievedChunk chunk : chunks) {
            String block = block(included.size() + 1, chunk);
            int separator = context.isEmpty() ? 0 : 2;
            if (context.length() + separator + block.length() > contextBudget) {
                if (context.isEmpty()) {
                    // the best chunk alone is larger than the budget: keep what fits, cut at a word
                    context.append(cutAtWord(block, contextBudget));
                    included.add(chunk.chunkId());
                }
                break;
            }
            if (separator > 0) {
                context.append("\n\n");
            }
            context.append(block);
            included.add(chunk.chunkId());
        }
        List<ChatMessage> messages = List.of(
                ChatMessage.system(system),
                ChatMessage.user(user.replace(CONTEXT, context).replace(QUESTION, question)));
        return new Prompt(messages, ChatMessage.hash(messages), included, context.length());
    }

    private static String block(int number, RetrievedChunk chunk) {
        StringBuilder header = new StringBuilder("[").append(number).append("]");
        if (chunk.title() != null && !chunk.title().isBlank()) {
            header.append(' ').append(chunk.title());
        }
        if (chunk.section() != null && !chunk.section().isBlank()) {
            header.append(" (").append(chunk.section()).append(')');
        }
        return header.append('\n').append(chunk.text()).toString();
    }

    private static String cutAtWord(String text, int length) {
        int end = text.lastIndexOf(' ', length);
        return text.substring(0, end > 0 ? end : length);
    }

}
