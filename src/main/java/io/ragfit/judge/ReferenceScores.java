package io.ragfit.judge;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Reference metrics of one answer, each the best over the references.
 *
 * @param semanticSimilarity cosine of the answer's and a reference's embeddings (the service's embedder)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReferenceScores(double exactMatch, double tokenF1, double rougeL, double semanticSimilarity,
        Double yesNoCorrect, Double factoidFound, Double listRecall, Double answerContained) {

    static ReferenceScores of(ReferenceMetrics.Scores scores, double semanticSimilarity) {
        return new ReferenceScores(scores.exactMatch(), scores.tokenF1(), scores.rougeL(), semanticSimilarity,
                scores.yesNoCorrect(), scores.factoidFound(), scores.listRecall(), scores.answerContained());
    }
}
