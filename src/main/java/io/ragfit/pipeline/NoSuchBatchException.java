package io.ragfit.pipeline;

import java.util.UUID;
import io.ragfit.failure.RefusedException;

public class NoSuchBatchException extends RefusedException {

    public NoSuchBatchException(UUID id) {
        super(Family.NOT_FOUND, "no batch " + id);
    }
}
