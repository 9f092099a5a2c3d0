package io.ragfit.corpus.format;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.ragfit.corpus.DatasetRecord;
import io.ragfit.corpus.Document;
import io.ragfit.corpus.Passage;
import io.ragfit.corpus.Question;
import io.ragfit.corpus.QuestionType;
import io.ragfit.corpus.ReferenceAnswer;
import io.ragfit.corpus.StableIds;

/** Natural Questions in its three published layouts. */
final class NaturalQuestions {

    private static final Pattern TITLE_PARAMETER = Pattern.compile("[?&]title=([^&#]+)");

    private NaturalQuestions() {
    }

    /** NQ-open with oracle passages: the gold passage becomes a document, the question points at it. */
    static List<DatasetRecord> openOracle(SourceRecord source) {
        JsonNode line = source.node();
        JsonNode gold = Fields.object(line, "nq_annotated_gold");
        String title = Fields.optionalText(gold, "title");
        Document passage = new Document(
                StableIds.of("nq", title, Fields.text(gold, "long_answer")),
                title,
                List.of(new Passage(null, Fields.text(gold, "long_answer"))),
                Map.of("dataset", "nq-open-oracle"));
        return List.of(passage, question(line, "answers", List.of(passage.id())));
    }

    /** NQ-open without passages: questions only. */
    static List<DatasetRecord> open(SourceRecord source) {
        return List.of(question(source.node(), "answer", List.of()));
    }

    private static Question question(JsonNode line, String answersField, List<String> goldDocumentIds) {
        String text = Fields.text(line, "question");
        List<String> answers = Fields.texts(line, line.has(answersField) ? answersField : alternative(answersField));
        if (answers.isEmpty()) {
            throw new InvalidRecordException("no answers in \"" + answersField + "\"");
        }
        return new Question(StableIds.of("nq", text), text, QuestionType.OPEN,
                answers.stream().map(answer -> ReferenceAnswer.of(ReferenceAnswer.Kind.EXACT, answer)).toList(),
                goldDocumentIds, Map.of());
    }

    /** NQ-open files use "answer", the oracle files "answers": accept either. */
    private static String alternative(String answersField) {
        return answersField.equals("answer") ? "answers" : "answer";
    }

    /**
     * Simplified NQ: the document's top-level long-answer candidates become its passages (HTML tokens
     * dropped); short answers, yes/no answers and, lacking both, the long answer become references.
     */
    static List<DatasetRecord> simplified(SourceRecord source) {
        JsonNode line = source.node();
        String url = Fields.text(line, "document_url");
        String[] tokens = Fields.text(line, "document_text").split(" ");
        List<Passage> passages = new ArrayList<>();
        for (JsonNode candidate : Fields.array(line, "long_answer_candidates")) {
            if (candidate.path("top_level").asBoolean(true)) {
                String text = text(tokens, candidate);
                if (!text.isEmpty()) {
                    passages.add(new Passage(null, text));
                }
            }
        }
        if (passages.isEmpty()) {
            passages.add(new Passage(null, text(tokens, 0, tokens.length)));
        }
        Document document = new Document(StableIds.of("nq", url), title(url, line), passages,
                Map.of("dataset", "nq-simplified", "url", url));

        List<ReferenceAnswer> answers = new ArrayList<>();
        boolean hasLongAnswer = false;
        for (JsonNode annotation : Fields.array(line, "annotations")) {
            JsonNode longAnswer = annotation.path("long_answer");
            String evidence = longAnswer.path("start_token").asInt(-1) >= 0 ? text(tokens, longAnswer) : null;
            hasLongAnswer |= evidence != null;
            List<String> evidenceList = evidence == null ? List.of() : List.of(evidence);
            for (JsonNode span : annotation.path("short_answers")) {
                answers.add(new ReferenceAnswer(ReferenceAnswer.Kind.EXACT, text(tokens, span), List.of(), evidenceList));
            }
            String yesNo = annotation.path("yes_no_answer").asText("NONE");
            if (yesNo.equals("YES") || yesNo.equals("NO")) {
                answers.add(new ReferenceAnswer(ReferenceAnswer.Kind.YES_NO, yesNo.toLowerCase(), List.of(), evidenceList));
            }
        }
        if (answers.isEmpty() && hasLongAnswer) {
            Set<String> longAnswers = new LinkedHashSet<>();
            for (JsonNode annotation : line.get("annotations")) {
                JsonNode longAnswer = annotation.path("long_answer");
                if (longAnswer.path("start_token").asInt(-1) >= 0) {
                    longAnswers.add(text(tokens, longAnswer));
                }
            }
            longAnswers.forEach(text -> answers.add(ReferenceAnswer.of(ReferenceAnswer.Kind.IDEAL, text)));
        }
        String id = "nq:" + Fields.text(line, "example_id");
        Question question = new Question(id, Fields.text(line, "question_text"), QuestionType.OPEN, answers,
                hasLongAnswer ? List.of(document.id()) : List.of(), Map.of());
        return List.of(document, question);
    }

    private static String text(String[] tokens, JsonNode span) {
        return text(tokens, span.path("start_token").asInt(), span.path("end_token").asInt());
    }

    /** The tokens in [start, end) without HTML tokens such as {@code <P>} or {@code </Td>}. */
    private static String text(String[] tokens, int start, int end) {
        if (start < 0 || end > tokens.length || start > end) {
            throw new InvalidRecordException("token span [" + start + ", " + end + ") outside the document's "
                    + tokens.length + " tokens");
        }
        return String.join(" ", Arrays.stream(tokens, start, end)
                .filter(token -> !(token.startsWith("<") && token.endsWith(">")))
                .toList());
    }

    /**
     * The layout has no title field: the article name in the URL is the title, either its last path
     * segment ({@code /wiki/Email_marketing}) or its {@code title} parameter
     * ({@code /w/index.php?title=Email_marketing&oldid=814079218}).
     */
    private static String title(String url, JsonNode line) {
        String title = Fields.optionalText(line, "document_title");
        if (title != null) {
            return title;
        }
        Matcher parameter = TITLE_PARAMETER.matcher(url);
        String article = parameter.find() ? parameter.group(1) : url.substring(url.lastIndexOf('/') + 1);
        return URLDecoder.decode(article, StandardCharsets.UTF_8).replace('_', ' ');
    }
}
