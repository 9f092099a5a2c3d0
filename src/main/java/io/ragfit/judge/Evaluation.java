package io.ragfit.judge;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An answer judged: G-Eval per criterion (when a judge is configured) and reference metrics (when there are
 * references).
 *
 * @param note what was not evaluated, and why (no judge, no reference)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Evaluation(List<Judgement> geval, ReferenceScores reference, String note) {
}
