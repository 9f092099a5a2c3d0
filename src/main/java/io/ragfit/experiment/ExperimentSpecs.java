package io.ragfit.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.ragfit.experiment.ExperimentSpec.FineTuning;
import io.ragfit.experiment.ExperimentSpec.GridPoint;
import io.ragfit.experiment.ExperimentSpec.Judge;
import io.ragfit.evaluation.RunSpec;
import io.ragfit.generation.VariantService;

/** What makes an experiment definition valid, and its defaults. */
public final class ExperimentSpecs {

    public static final String NAME = "[a-z0-9][a-z0-9._-]{0,39}";
    public static final long DEFAULT_SEED = 42;
    public static final List<Integer> DEFAULT_TRAIN_SIZES = List.of(200, 500, 1000);
    public static final int DEFAULT_RETRIEVAL_K = 5;
    public static final String DEFAULT_BASE_MODEL = "mistralai/Mistral-7B-Instruct-v0.2";
    public static final GridPoint DEFAULT_GRID_POINT = new GridPoint("lora-r16", "lora", 3, 16, 4, 16, 32, 2e-4);

    private ExperimentSpecs() {
    }

    /** The definition with every default filled in, or an {@link InvalidExperimentException} saying what is wrong. */
    public static ExperimentSpec resolved(ExperimentSpec spec) {
        require(spec.name() != null && spec.name().matches(NAME),
                "name is 1-40 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");
        require(spec.corpus() != null && !spec.corpus().isBlank(), "corpus names the corpus whose questions are split");
        List<Integer> sizes = spec.trainSizes() == null ? DEFAULT_TRAIN_SIZES : List.copyOf(spec.trainSizes());
        require(!sizes.isEmpty(), "trainSizes lists at least one size");
        for (int i = 0; i < sizes.size(); i++) {
            require(sizes.get(i) != null && sizes.get(i) >= 1, "every train size is at least 1");
            require(i == 0 || sizes.get(i) > sizes.get(i - 1), "trainSizes go up, each size once: " + sizes);
        }
        require(spec.evaluationSize() == null || spec.evaluationSize() >= 1, "evaluationSize is at least 1 (or absent: the rest)");
        require(spec.retrievalK() == null || spec.retrievalK() >= 1 && spec.retrievalK() <= 100, "retrievalK is between 1 and 100");
        require(spec.chunkSize() == null || spec.chunkSize() >= 20, "chunkSize is at least 20");
        String base = spec.baseVariant() == null ? VariantService.BUILTIN_READER : spec.baseVariant();
        List<String> variants = spec.variants() == null ? List.of() : List.copyOf(spec.variants());
        require(!variants.contains(base), "variants lists the variants evaluated beside the base, not the base itself");
        boolean builtinTuned = spec.builtinTuned() == null ? base.equals(VariantService.BUILTIN_READER) : spec.builtinTuned();
        require(!builtinTuned || base.equals(VariantService.BUILTIN_READER),
                "built-in tuned readers are compared with the built-in reader: set baseVariant to builtin-reader");
        Judge judge = spec.judge() == null ? new Judge(null, null, null) : spec.judge();
        return new ExperimentSpec(spec.name(), spec.corpus(), spec.seed() == null ? DEFAULT_SEED : spec.seed(), sizes,
                spec.nested() == null || spec.nested(), spec.evaluationSize(), base, variants, builtinTuned, judge,
                spec.retrievalK() == null ? DEFAULT_RETRIEVAL_K : spec.retrievalK(), spec.chunkSize(),
                fineTuning(spec.fineTuning()));
    }

    /** The variants an experiment evaluates: its base, its built-in tuned readers, the others it names. */
    public static List<String> variants(ExperimentSpec spec) {
        List<String> variants = new ArrayList<>(List.of(spec.baseVariant()));
        if (spec.builtinTuned()) {
            spec.trainSizes().forEach(size -> variants.add(tunedVariant(spec, size)));
        }
        variants.addAll(spec.variants());
        return variants;
    }

    /** The name of the built-in tuned reader an experiment trains on one train split. */
    public static String tunedVariant(ExperimentSpec spec, int trainSize) {
        return spec.name() + "-tuned-" + trainSize;
    }

    /** The run an experiment's evaluation set goes through. */
    static RunSpec runSpec(ExperimentSpec spec) {
        return new RunSpec("experiment-" + spec.name(), spec.corpus(), variants(spec), spec.judge().variant(),
                spec.judge().mode(), spec.judge().criteria(), spec.retrievalK());
    }

    private static FineTuning fineTuning(FineTuning tuning) {
        FineTuning given = tuning == null ? new FineTuning(null, null, null, null, null, null) : tuning;
        List<GridPoint> grid = new ArrayList<>();
        List<GridPoint> asked = given.grid() == null || given.grid().isEmpty() ? List.of(DEFAULT_GRID_POINT) : given.grid();
        for (GridPoint point : asked) {
            grid.add(gridPoint(point));
        }
        require(grid.stream().map(GridPoint::name).distinct().count() == grid.size(), "grid point names are unique");
        return new FineTuning(given.baseModel() == null ? DEFAULT_BASE_MODEL : given.baseModel(),
                given.includeContext() == null || given.includeContext(), given.systemPrompt(), grid,
                given.image() == null ? "set-fineTuning.image-to-an-image-with-trl" : given.image(),
                given.volumeClaim() == null ? "ragfit-fine-tuning" : given.volumeClaim());
    }

    private static GridPoint gridPoint(GridPoint point) {
        GridPoint d = DEFAULT_GRID_POINT;
        String method = point.method() == null ? d.method() : point.method().toLowerCase(Locale.ROOT);
        require(method.equals("lora") || method.equals("qlora"), "a grid point's method is lora or qlora, not " + method);
        int epochs = point.epochs() == null ? d.epochs() : point.epochs();
        int effective = point.effectiveBatchSize() == null ? d.effectiveBatchSize() : point.effectiveBatchSize();
        int perDevice = point.perDeviceBatchSize() == null ? Math.min(d.perDeviceBatchSize(), effective) : point.perDeviceBatchSize();
        int rank = point.loraRank() == null ? d.loraRank() : point.loraRank();
        int alpha = point.loraAlpha() == null ? 2 * rank : point.loraAlpha();
        double learningRate = point.learningRate() == null ? d.learningRate() : point.learningRate();
        require(epochs >= 1 && effective >= 1 && perDevice >= 1 && rank >= 1 && alpha >= 1 && learningRate > 0,
                "a grid point's numbers are positive");
        require(effective % perDevice == 0, "effectiveBatchSize (" + effective + ") is a multiple of perDeviceBatchSize ("
                + perDevice + "): the jobs accumulate gradients over the rest");
        String name = point.name() != null ? point.name()
                : method + "-e" + epochs + "-b" + effective + "-r" + rank + "-a" + alpha;
        require(name.matches("[a-z0-9][a-z0-9._-]{0,39}"), "a grid point's name is 1-40 lowercase letters, digits, '.', '_' or '-'");
        return new GridPoint(name, method, epochs, effective, perDevice, rank, alpha, learningRate);
    }

    private static void require(boolean condition, String rule) {
        if (!condition) {
            throw InvalidExperimentException.invalid(rule);
        }
    }
}
