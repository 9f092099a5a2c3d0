package io.ragfit.pipeline;

/** One event of a batch's stream: its progress, or a question that has ended, with its results. */
public record BatchEvent(String name, Object data) {

    static BatchEvent progress(BatchProgress progress) {
        return new BatchEvent("progress", progress);
    }

    static BatchEvent result(QuestionResult result) {
        return new BatchEvent("result", result);
    }
}
