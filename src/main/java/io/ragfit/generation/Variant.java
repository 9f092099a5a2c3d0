package io.ragfit.generation;

import java.net.URI;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.ragfit.generation.VariantDefinition.FineTuning;
import io.ragfit.generation.VariantDefinition.GenerationParameters;
import io.ragfit.generation.VariantDefinition.Kind;
import io.ragfit.generation.VariantDefinition.Role;

/** A stored variant, with the outcome of the last check of its endpoint. */
@Entity
@Table(name = "variant")
public class Variant extends PanacheEntityBase {

    @Id
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Role role;

    @Column(name = "base_variant")
    public String baseVariant;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    public String endpoint;

    @Column(nullable = false)
    public String model;

    @Column(name = "api_key_ref")
    public String apiKeyRef;

    public Double temperature;

    @Column(name = "max_tokens")
    public Integer maxTokens;

    public Long seed;

    @Column(name = "max_concurrent_requests", nullable = false)
    public int maxConcurrentRequests;

    @Column(name = "train_size")
    public Integer trainSize;

    @Column(name = "fine_tuning_method")
    public String fineTuningMethod;

    public Integer epochs;

    @Column(name = "effective_batch_size")
    public Integer effectiveBatchSize;

    @Column(name = "lora_rank")
    public Integer loraRank;

    @Column(name = "lora_alpha")
    public Integer loraAlpha;

    @Column(name = "training_data_id")
    public String trainingDataId;

    @Enumerated(EnumType.STRING)
    @Column(name = "check_status")
    public EndpointCheck.Status checkStatus;

    @Column(name = "check_detail")
    public String checkDetail;

    @Column(name = "check_parent")
    public String checkParent;

    @Column(name = "checked_at")
    public Instant checkedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    VariantDefinition definition() {
        FineTuning fineTuning = role == Role.FINE_TUNED || trainSize != null
                ? new FineTuning(trainSize, fineTuningMethod, epochs, effectiveBatchSize, loraRank, loraAlpha, trainingDataId)
                : null;
        return new VariantDefinition(name, role, baseVariant, kind, endpoint == null ? null : URI.create(endpoint), model,
                apiKeyRef, new GenerationParameters(temperature, maxTokens, seed), maxConcurrentRequests, fineTuning);
    }

    void apply(VariantDefinition definition) {
        role = definition.role();
        baseVariant = definition.baseVariant();
        kind = definition.kind();
        endpoint = definition.endpoint() == null ? null : definition.endpoint().toString();
        model = definition.model();
        apiKeyRef = definition.apiKeyRef();
        GenerationParameters parameters = definition.parameters();
        temperature = parameters == null ? null : parameters.temperature();
        maxTokens = parameters == null ? null : parameters.maxTokens();
        seed = parameters == null ? null : parameters.seed();
        maxConcurrentRequests = definition.maxConcurrentRequests();
        FineTuning tuning = definition.fineTuning();
        trainSize = tuning == null ? null : tuning.trainSize();
        fineTuningMethod = tuning == null ? null : tuning.method();
        epochs = tuning == null ? null : tuning.epochs();
        effectiveBatchSize = tuning == null ? null : tuning.effectiveBatchSize();
        loraRank = tuning == null ? null : tuning.loraRank();
        loraAlpha = tuning == null ? null : tuning.loraAlpha();
        trainingDataId = tuning == null ? null : tuning.trainingDataId();
    }

    EndpointCheck lastCheck() {
        return checkStatus == null ? null : new EndpointCheck(checkStatus, checkDetail, checkParent, checkedAt);
    }
}
