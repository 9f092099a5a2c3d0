package io.ragfit.corpus.format;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.ragfit.corpus.DatasetRecord;

/** The dataset layouts ragfit reads. */
public enum DatasetFormat {

    NQ_OPEN_ORACLE("nq-open-oracle",
            "Natural Questions open with oracle passages, JSONL {question, answers[], nq_annotated_gold{title, long_answer}}",
            JsonSource::lines, NaturalQuestions::openOracle),
    NQ_OPEN("nq-open",
            "Natural Questions open, questions only, JSONL {question, answer[]}",
            JsonSource::lines, NaturalQuestions::open),
    NQ_SIMPLIFIED("nq-simplified",
            "simplified Natural Questions, JSONL {example_id, document_url, question_text, document_text,"
                    + " long_answer_candidates[], annotations[]}",
            JsonSource::lines, NaturalQuestions::simplified),
    QASPER("qasper",
            "Qasper original release (qasper-*-v0.3.json), JSON {paper_id: {title, abstract, full_text[], qas[]}}",
            JsonSource::objectEntries, Qasper::original),
    QASPER_HF("qasper-hf",
            "Qasper in the Hugging Face layout, one paper per JSONL line",
            JsonSource::lines, Qasper::huggingFace),
    BIOASQ("bioasq",
            "BioASQ task B, JSON {questions: [{id, type, body, snippets[], ideal_answer, exact_answer}]}",
            input -> JsonSource.arrayField(input, "questions"), BioAsq::question),
    JSONL("jsonl",
            "generic JSONL: documents {id, text, title?, metadata?} and questions {id, question, answers[]?}",
            JsonSource::lines, GenericJsonl::record);

    private final String formatName;
    private final String description;
    private final Function<InputStream, JsonSource> source;
    private final Function<SourceRecord, List<DatasetRecord>> converter;

    DatasetFormat(String formatName, String description, Function<InputStream, JsonSource> source,
            Function<SourceRecord, List<DatasetRecord>> converter) {
        this.formatName = formatName;
        this.description = description;
        this.source = source;
        this.converter = converter;
    }

    public String formatName() {
        return formatName;
    }

    public String description() {
        return description;
    }

    /** Reads {@code input} one record at a time; closing the reader closes the input. */
    public RecordReader open(InputStream input) {
        return new RecordReader(source.apply(input), converter);
    }

    public static Optional<DatasetFormat> byName(String name) {
        return Arrays.stream(values()).filter(format -> format.formatName.equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(DatasetFormat::formatName).toList();
    }
}
