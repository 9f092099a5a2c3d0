package io.ragfit.judge;

import java.util.List;

import io.ragfit.openai.ChatMessage;

/**
 * G-Eval's two prompts (Liu et al., 2023): one asking the judge to write the evaluation steps for a
 * criterion (automatic chain of thought), then a form-filling prompt with the criterion, the steps, the
 * question, the retrieved context, the answer and, when there is one, the reference answer, ending in the
 * score slot.
 */
public final class JudgePrompts {

    private static final String TASK = "You will be given a question, the context retrieved to answer it, and an"
            + " answer written from that context. Your task is to rate the answer on one metric.";

    private JudgePrompts() {
    }

    public static List<ChatMessage> steps(Criterion criterion) {
        return List.of(ChatMessage.user(TASK + "\n\nEvaluation Criteria:\n\n" + criterion.describe()
                + "\n\nWrite the evaluation steps an evaluator should follow to assign this score: a short numbered list,"
                + " nothing else.\n\nEvaluation Steps:"));
    }

    public static List<ChatMessage> score(Criterion criterion, String steps, String question, List<String> context,
            String answer, String reference) {
        StringBuilder prompt = new StringBuilder(TASK)
                .append(" Read the evaluation criteria and steps carefully.\n\nEvaluation Criteria:\n\n")
                .append(criterion.describe())
                .append("\n\nEvaluation Steps:\n\n").append(steps.strip())
                .append("\n\nQuestion:\n\n").append(question)
                .append("\n\nContext:\n\n");
        for (int i = 0; i < context.size(); i++) {
            prompt.append('[').append(i + 1).append("] ").append(context.get(i)).append("\n\n");
        }
        prompt.append("Answer:\n\n").append(answer == null ? "" : answer);
        if (reference != null && !reference.isBlank()) {
            prompt.append("\n\nReference answer:\n\n").append(reference);
        }
        prompt.append("\n\nEvaluation Form (scores ONLY):\n\n- ").append(criterion.name()).append(':');
        return List.of(ChatMessage.user(prompt.toString()));
    }
}
