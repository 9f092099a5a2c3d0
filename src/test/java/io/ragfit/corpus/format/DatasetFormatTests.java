package io.ragfit.corpus.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ragfit.corpus.DatasetRecord;
import io.ragfit.corpus.Document;
import io.ragfit.corpus.MalformedRecord;
import io.ragfit.corpus.Passage;
import io.ragfit.corpus.Question;
import io.ragfit.corpus.QuestionType;
import io.ragfit.corpus.ReferenceAnswer;
import io.ragfit.corpus.ReferenceAnswer.Kind;

class DatasetFormatTests {

    private static final Path DATASETS = Path.of("datasets");

    private static List<DatasetRecord> readAll(DatasetFormat format, InputStream input) {
        List<DatasetRecord> records = new ArrayList<>();
        try (RecordReader reader = format.open(input)) {
            reader.forEachRemaining(records::add);
        }
        return records;
    }

    private static List<DatasetRecord> readShipped(DatasetFormat format, String file) throws IOException {
        return readAll(format, Files.newInputStream(DATASETS.resolve(file)));
    }

    private static List<DatasetRecord> read(DatasetFormat format, String text) {
        return readAll(format, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static <T> List<T> only(List<DatasetRecord> records, Class<T> type) {
        return records.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void shouldReadTheNqOpenOracleSampleAsGoldPassagesAndQuestions() throws IOException {
        List<DatasetRecord> records = readShipped(DatasetFormat.NQ_OPEN_ORACLE, "nq-open-oracle-sample.jsonl");

        List<Question> questions = only(records, Question.class);
        List<Document> passages = only(records, Document.class);
        assertThat(questions).hasSize(1200);
        assertThat(passages).hasSize(1200);
        assertThat(only(records, MalformedRecord.class)).isEmpty();
        Question first = questions.getFirst();
        assertThat(first.text()).isEqualTo("who got the first nobel prize in physics");
        assertThat(first.answers()).containsExactly(ReferenceAnswer.of(Kind.EXACT, "Wilhelm Conrad Röntgen"));
        assertThat(first.goldDocumentIds()).containsExactly(passages.getFirst().id());
        assertThat(passages.getFirst().title()).isEqualTo("List of Nobel laureates in Physics");
        assertThat(passages.getFirst().passages().getFirst().text()).startsWith("The first Nobel Prize in Physics");
        assertThat(readShipped(DatasetFormat.NQ_OPEN_ORACLE, "nq-open-oracle-sample.jsonl"))
                .as("ids are stable across reads").isEqualTo(records);
    }

    @Test
    void shouldReadNqOpenQuestionsWithoutPassages() throws IOException {
        List<DatasetRecord> records = readShipped(DatasetFormat.NQ_OPEN, "nq-open-questions-sample.jsonl");

        assertThat(records).hasSize(100).allMatch(Question.class::isInstance);
        Question first = (Question) records.getFirst();
        assertThat(first.goldDocumentIds()).isEmpty();
        assertThat(first.answers()).extracting(ReferenceAnswer::text).containsExactly("Wilhelm Conrad Röntgen");
    }

    @Test
    void shouldReadSimplifiedNqDroppingHtmlTokens() throws IOException {
        List<DatasetRecord> records = readShipped(DatasetFormat.NQ_SIMPLIFIED, "nq-simplified-sample.jsonl");

        Document document = only(records, Document.class).getFirst();
        Question question = only(records, Question.class).getFirst();
        assertThat(document.title()).isEqualTo("List of Nobel laureates in Physics");
        assertThat(document.passages()).extracting(Passage::text)
                .allSatisfy(text -> assertThat(text).doesNotContain("<P>", "</P>", "<H1>"));
        assertThat(document.passages().get(1).text()).startsWith("The first Nobel Prize in Physics");
        assertThat(question.id()).isEqualTo("nq:900000");
        assertThat(question.answers()).extracting(ReferenceAnswer::kind, ReferenceAnswer::text)
                .containsExactly(tuple(Kind.EXACT, "Wilhelm Conrad Röntgen,"));
        assertThat(question.answers().getFirst().evidence().getFirst()).startsWith("The first Nobel Prize");
        assertThat(question.goldDocumentIds()).containsExactly(document.id());
    }

    @Test
    void shouldTakeASimplifiedNqTitleFromTheTitleParameterAndKeepYesNoAnswers() {
        String line = """
                {"example_id": 7, "document_url": "https://en.wikipedia.org//w/index.php?title=Email_marketing&oldid=814079218",
                 "question_text": "is email marketing legal", "document_text": "<P> Email marketing is legal . </P>",
                 "long_answer_candidates": [{"start_token": 0, "end_token": 7, "top_level": true}],
                 "annotations": [{"long_answer": {"start_token": 0, "end_token": 7, "candidate_index": 0},
                                  "short_answers": [], "yes_no_answer": "YES"}]}
                """.replace("\n", " ");

        List<DatasetRecord> records = read(DatasetFormat.NQ_SIMPLIFIED, line);

        assertThat(only(records, Document.class).getFirst().title()).isEqualTo("Email marketing");
        assertThat(only(records, Question.class).getFirst().answers()).extracting(ReferenceAnswer::kind, ReferenceAnswer::text)
                .containsExactly(tuple(Kind.YES_NO, "yes"));
    }

    @Test
    void shouldReadQasperInItsOriginalLayoutWithEveryAnswerKind() throws IOException {
        List<DatasetRecord> records = readShipped(DatasetFormat.QASPER, "qasper-v0.3-layout-fixture.json");

        Document paper = only(records, Document.class).getFirst();
        assertThat(paper.id()).isEqualTo("qasper:1909.00694");
        assertThat(paper.passages()).extracting(Passage::section, Passage::text).startsWith(
                tuple("Abstract", "This is the abstract of the paper"),
                tuple("Introduction", "A short paragraph"));
        assertThat(paper.passages()).extracting(Passage::text).doesNotContain("");
        List<Question> questions = only(records, Question.class);
        assertThat(questions).hasSize(4).allSatisfy(q -> assertThat(q.goldDocumentIds()).containsExactly(paper.id()));
        assertThat(questions.stream().flatMap(q -> q.answers().stream()).map(ReferenceAnswer::kind).distinct())
                .containsExactlyInAnyOrder(Kind.IDEAL, Kind.EXACT, Kind.YES_NO, Kind.UNANSWERABLE);
        assertThat(questions.getFirst().answers()).extracting(ReferenceAnswer::kind, ReferenceAnswer::text).containsExactly(
                tuple(Kind.IDEAL, "a vocabulary"), tuple(Kind.EXACT, "using seed lexicon"));
        assertThat(questions.getFirst().answers().getFirst().evidence()).containsExactly("Method paragraph using seed lexicon");
    }

    @Test
    void shouldReadQasperInTheHuggingFaceLayout() throws IOException {
        List<DatasetRecord> records = readShipped(DatasetFormat.QASPER_HF, "qasper-hf-layout-sample.jsonl");

        assertThat(only(records, Document.class)).hasSize(5);
        assertThat(only(records, Question.class)).hasSize(33);
        assertThat(only(records, MalformedRecord.class)).isEmpty();
        Question first = only(records, Question.class).getFirst();
        assertThat(first.id()).isEqualTo("qasper:753990d0b621d390ed58f20c4d9e4f065f0dc672");
        assertThat(first.text()).isEqualTo("What is the seed lexicon?");
        assertThat(first.answers().getFirst().text()).startsWith("a vocabulary of positive and negative predicates");
        Document paper = only(records, Document.class).getFirst();
        assertThat(paper.passages()).extracting(Passage::section).contains("Abstract", "Proposed Method ::: Polarity Function");
    }

    @Test
    void shouldReadBioAsqInItsOldAndNewAnswerShapes() throws IOException {
        List<DatasetRecord> records = readShipped(DatasetFormat.BIOASQ, "bioasq-format-fixture.json");

        List<Question> questions = only(records, Question.class);
        assertThat(questions).extracting(Question::type).containsExactly(
                QuestionType.YES_NO, QuestionType.FACTOID, QuestionType.FACTOID, QuestionType.LIST, QuestionType.SUMMARY);
        assertThat(exact(questions.get(0))).containsExactly(tuple(Kind.YES_NO, "yes", List.of()));
        assertThat(exact(questions.get(1))).containsExactly(tuple(Kind.EXACT, "pancreas", List.of("pancreatic gland")));
        assertThat(exact(questions.get(2))).containsExactly(tuple(Kind.EXACT, "haemoglobin", List.of()));
        assertThat(exact(questions.get(3))).extracting(t -> t.toList().get(1))
                .containsExactly("vitamin A", "vitamin D", "vitamin E", "vitamin K");
        assertThat(exact(questions.get(4))).isEmpty();
        assertThat(questions.get(2).answers()).extracting(ReferenceAnswer::kind).contains(Kind.IDEAL);
        Document snippet = only(records, Document.class).get(1);
        assertThat(snippet.title()).isEqualTo("PubMed 90000002");
        assertThat(snippet.passages().getFirst().text()).startsWith("Insulin is secreted");
        assertThat(questions.get(1).goldDocumentIds()).containsExactly(snippet.id());
    }

    private static List<org.assertj.core.groups.Tuple> exact(Question question) {
        return question.answers().stream()
                .filter(answer -> answer.kind() != Kind.IDEAL)
                .map(answer -> tuple(answer.kind(), answer.text(), answer.synonyms()))
                .toList();
    }

    @Test
    void shouldReadGenericJsonlDocumentsAndQuestions() throws IOException {
        List<DatasetRecord> records = readShipped(DatasetFormat.JSONL, "generic-example.jsonl");

        Document returns = only(records, Document.class).getFirst();
        assertThat(returns.passages()).hasSize(2);
        assertThat(returns.metadata()).containsEntry("team", "support");
        assertThat(only(records, Question.class)).extracting(Question::id).containsExactly("q-refund-time", "q-free-shipping");
    }

    @Test
    void shouldReportMalformedLinesWithTheirNumbersAndReadTheRest() {
        String jsonl = String.join("\n",
                "{\"id\": \"d1\", \"text\": \"fine\"}",
                "",
                "{\"id\": \"d2\", \"text\": ",
                "{\"id\": \"q1\", \"question\": \"fine?\", \"answers\": [\"yes\"]}",
                "{\"id\": \"x\", \"title\": \"no text\"}",
                "[1, 2]",
                "{\"id\": \"d3\", \"text\": \"also fine\"}");

        List<DatasetRecord> records = read(DatasetFormat.JSONL, jsonl);

        // an array's elements are records: [1, 2] holds two that are not objects
        assertThat(only(records, MalformedRecord.class)).extracting(MalformedRecord::line).containsExactly(3L, 5L, 6L, 6L);
        assertThat(only(records, MalformedRecord.class).get(0).reason()).startsWith("not JSON");
        assertThat(only(records, MalformedRecord.class).get(1).reason()).contains("neither a document");
        assertThat(only(records, MalformedRecord.class).get(2).reason()).contains("expected a JSON object");
        assertThat(only(records, MalformedRecord.class).get(3).reason()).contains("expected a JSON object, found NUMBER");
        assertThat(only(records, Document.class)).extracting(Document::id).containsExactly("d1", "d3");
        assertThat(only(records, Question.class)).hasSize(1);
    }

    @Test
    void shouldReportABadBioAsqQuestionAndStopAtASyntaxError() {
        String json = """
                {"questions": [
                  {"id": "ok", "type": "yesno", "body": "Fine?", "snippets": [], "exact_answer": "yes"},
                  {"id": "bad", "type": "yesno", "snippets": []},
                  {"id": "odd", "type": "opinion", "body": "Why?", "snippets": []},
                  {"id": "ok2", "type": "summary", "body": "Fine too?", "snippets": []},
                  {"id": "broken", "type": "summary" "body": "missing comma"}
                ]}
                """;

        List<DatasetRecord> records = read(DatasetFormat.BIOASQ, json);

        assertThat(only(records, Question.class)).extracting(Question::id).containsExactly("bioasq:ok", "bioasq:ok2");
        assertThat(only(records, MalformedRecord.class)).extracting(MalformedRecord::record, MalformedRecord::line)
                .containsExactly(tuple(2L, 3L), tuple(3L, 4L), tuple(5L, 6L));
        assertThat(only(records, MalformedRecord.class).get(0).reason()).contains("\"_body\"");
        assertThat(only(records, MalformedRecord.class).get(1).reason()).contains("unknown question type \"opinion\"");
        assertThat(only(records, MalformedRecord.class).get(2).reason()).contains("the rest of the file was not read");
    }

    @Test
    void shouldReadRecordsBeforeTheEndOfAnEndlessInput() {
        InputStream endlessLines = endless("{\"id\": \"d\", \"text\": \"streamed\"}\n");
        InputStream endlessArray = new SequenceInputStream(
                new ByteArrayInputStream("{\"questions\": [".getBytes(StandardCharsets.UTF_8)),
                endless("{\"id\": \"q\", \"type\": \"summary\", \"body\": \"Streamed?\", \"snippets\": []},"));

        assertThat(firstRecords(DatasetFormat.JSONL.open(endlessLines), 1000)).hasSize(1000);
        assertThat(firstRecords(DatasetFormat.BIOASQ.open(endlessArray), 1000)).hasSize(1000);
    }

    /** Every shape a JSON-based source may take, written from the records of a shipped file. */
    private enum Shape {
        JSON_LINES,
        ARRAY_ON_ONE_LINE,
        ARRAY_WITH_A_RECORD_PER_LINE,
        PRETTY_ARRAY,
        CONCATENATED_PRETTY_OBJECTS,
        CONCATENATED_COMPACT_OBJECTS,
        ONE_DOCUMENT;

        String write(List<ObjectNode> records) throws IOException {
            ObjectMapper json = JsonSource.MAPPER;
            StringBuilder text = new StringBuilder();
            switch (this) {
                case JSON_LINES -> records.forEach(record -> text.append(record).append('\n'));
                case ARRAY_ON_ONE_LINE -> text.append(json.valueToTree(records).toString());
                case ARRAY_WITH_A_RECORD_PER_LINE -> text.append("[").append(records.stream().map(ObjectNode::toString)
                        .collect(java.util.stream.Collectors.joining(",\n"))).append("]\n");
                case PRETTY_ARRAY -> text.append(json.writerWithDefaultPrettyPrinter().writeValueAsString(records));
                case CONCATENATED_PRETTY_OBJECTS -> {
                    for (ObjectNode record : records) {
                        text.append(json.writerWithDefaultPrettyPrinter().writeValueAsString(record)).append('\n');
                    }
                }
                case CONCATENATED_COMPACT_OBJECTS -> records.forEach(text::append);
                case ONE_DOCUMENT -> text.append(json.writerWithDefaultPrettyPrinter().writeValueAsString(records.get(0)));
            }
            return text.toString();
        }
    }

    /** The top-level records of a shipped file: its lines, BioASQ's questions, or Qasper's papers with their id. */
    private static List<ObjectNode> sourceObjects(String file) throws IOException {
        List<ObjectNode> records = new ArrayList<>();
        try (var parser = JsonSource.MAPPER.createParser(DATASETS.resolve(file).toFile())) {
            JsonSource.MAPPER.readValues(parser, JsonNode.class).forEachRemaining(value -> {
                if (value.has("questions")) {
                    value.get("questions").forEach(question -> records.add((ObjectNode) question));
                } else if (file.startsWith("qasper-v0.3")) {
                    value.properties().forEach(paper -> records.add(JsonSource.MAPPER.createObjectNode()
                            .put("id", paper.getKey()).setAll((ObjectNode) paper.getValue())));
                } else {
                    records.add((ObjectNode) value);
                }
            });
        }
        return records;
    }

    private static List<String> ids(List<DatasetRecord> records) {
        return records.stream().map(record -> switch (record) {
            case Document document -> "document " + document.id();
            case Question question -> "question " + question.id();
            case MalformedRecord malformed -> "malformed " + malformed.reason();
        }).toList();
    }

    static Stream<Arguments> shippedFilesInEveryShape() {
        Map<DatasetFormat, String> shipped = Map.of(
                DatasetFormat.NQ_OPEN_ORACLE, "nq-open-oracle-sample.jsonl",
                DatasetFormat.NQ_OPEN, "nq-open-questions-sample.jsonl",
                DatasetFormat.NQ_SIMPLIFIED, "nq-simplified-sample.jsonl",
                DatasetFormat.QASPER, "qasper-v0.3-layout-fixture.json",
                DatasetFormat.QASPER_HF, "qasper-hf-layout-sample.jsonl",
                DatasetFormat.BIOASQ, "bioasq-format-fixture.json",
                DatasetFormat.JSONL, "generic-example.jsonl");
        return shipped.entrySet().stream().flatMap(file -> Arrays.stream(Shape.values())
                .map(shape -> Arguments.of(file.getKey(), file.getValue(), shape)));
    }

    @ParameterizedTest(name = "{0} as {2}")
    @MethodSource("shippedFilesInEveryShape")
    void shouldReadEveryFormatInEveryJsonShapeAndDetectIt(DatasetFormat format, String file, Shape shape)
            throws IOException {
        List<ObjectNode> objects = sourceObjects(file);
        List<String> expected = ids(readShipped(format, file));
        if (shape == Shape.ONE_DOCUMENT) {
            expected = ids(read(format, Shape.JSON_LINES.write(objects.subList(0, 1))));
        }

        String text = shape.write(objects);
        List<DatasetRecord> records = read(format, text);

        assertThat(ids(records)).isEqualTo(expected).noneMatch(id -> id.startsWith("malformed"));
        assertThat(DatasetFormat.detect(new BufferedInputStream(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))))).isEqualTo(format);
    }

    @Test
    void shouldReadQasperPapersKeyedByIdInConcatenatedObjects() throws IOException {
        List<ObjectNode> keyed = sourceObjects("qasper-v0.3-layout-fixture.json").stream()
                .map(paper -> JsonSource.MAPPER.createObjectNode().set(paper.get("id").asText(), paper.deepCopy().without("id")))
                .map(ObjectNode.class::cast)
                .toList();

        List<DatasetRecord> records = read(DatasetFormat.QASPER, Shape.CONCATENATED_PRETTY_OBJECTS.write(keyed));

        assertThat(ids(records)).isEqualTo(ids(readShipped(DatasetFormat.QASPER, "qasper-v0.3-layout-fixture.json")));
    }

    @Test
    void shouldSayWhichQasperLayoutAPaperIsInWhenTheOtherIsNamed() throws IOException {
        String huggingFace = Files.readString(DATASETS.resolve("qasper-hf-layout-sample.jsonl"));

        List<DatasetRecord> records = read(DatasetFormat.QASPER, huggingFace);

        assertThat(only(records, Document.class)).isEmpty();
        assertThat(only(records, MalformedRecord.class)).hasSize((int) huggingFace.lines().filter(line -> !line.isBlank()).count())
                .allSatisfy(record -> assertThat(record.reason()).contains("format qasper-hf"));
    }

    @Test
    void shouldResumeAfterASyntaxErrorInConcatenatedObjectsAtTheNextObject() {
        String text = """
                {
                  "id": "d1",
                  "text": "fine"
                }
                {
                  "id": "d2",
                  "text": "broken" oops
                }
                {
                  "id": "d3",
                  "text": "fine again"
                }
                """;

        List<DatasetRecord> records = read(DatasetFormat.JSONL, text);

        assertThat(only(records, Document.class)).extracting(Document::id).containsExactly("d1", "d3");
        assertThat(only(records, MalformedRecord.class)).singleElement().satisfies(bad -> {
            assertThat(bad.line()).isEqualTo(7);
            assertThat(bad.reason()).contains("JSON syntax error").contains("lines 8 to 8 were skipped")
                    .contains("reading resumed at line 9");
        });
    }

    @Test
    void shouldResumeInsideAnIndentedArrayAtTheNextElementAndReadItsLastOnes() {
        String text = """
                [
                  {"id": "d1", "text": "fine"},
                  {"id": "d2", "text": "broken" oops},
                  {
                    "id": "d3",
                    "text": "fine again"
                  },
                  {"id": "d4", "text": "last"}
                ]
                """;

        List<DatasetRecord> records = read(DatasetFormat.JSONL, text);

        assertThat(only(records, Document.class)).extracting(Document::id).containsExactly("d1", "d3", "d4");
        assertThat(only(records, MalformedRecord.class)).singleElement()
                .satisfies(bad -> assertThat(bad.reason()).contains("reading resumed at line 4"));
    }

    @Test
    void shouldSayWhereReadingStoppedWhenNothingAfterASyntaxErrorCanBeRead() {
        String text = "{\"questions\": [\n{\"id\": \"q1\", \"type\": \"summary\", \"body\": \"Fine?\", \"snippets\": []},"
                + " {\"id\": \"q2\" \"body\": \"broken\"}, {\"id\": \"q3\", \"type\": \"summary\", \"body\": \"Lost?\", \"snippets\": []}]}";

        try (RecordReader reader = DatasetFormat.BIOASQ.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
            List<DatasetRecord> records = new ArrayList<>();
            reader.forEachRemaining(records::add);

            assertThat(only(records, Question.class)).extracting(Question::id).containsExactly("bioasq:q1");
            assertThat(reader.stoppedEarly()).contains("reading stopped at line 2");
        }
    }

    @Test
    void shouldFindTheRecordsArrayAfterScalarFields() {
        String text = "{\"version\": \"10b\", \"questions\": [{\"id\": \"q1\", \"type\": \"summary\", \"body\": \"Fine?\","
                + " \"snippets\": []}]}";

        assertThat(only(read(DatasetFormat.BIOASQ, text), Question.class)).extracting(Question::id).containsExactly("bioasq:q1");
    }

    @Test
    void shouldNotRecogniseAFormatFromFieldsNoFormatHas() {
        InputStream unknown = new BufferedInputStream(new ByteArrayInputStream(
                "{\"name\": \"x\", \"value\": 1}\n".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> DatasetFormat.detect(unknown)).isInstanceOf(UnrecognisedFormatException.class)
                .hasMessageContaining("[name, value]").hasMessageContaining("name the format");
    }

    private static List<DatasetRecord> firstRecords(Iterator<DatasetRecord> records, int count) {
        List<DatasetRecord> first = new ArrayList<>();
        while (first.size() < count && records.hasNext()) {
            first.add(records.next());
        }
        return first;
    }

    /** The same text again and again, generated as it is read: a reader that wants it all never returns. */
    private static InputStream endless(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new SequenceInputStream(new Enumeration<InputStream>() {
            @Override
            public boolean hasMoreElements() {
                return true;
            }

            @Override
            public InputStream nextElement() {
                return new ByteArrayInputStream(bytes);
            }
        });
    }
}
