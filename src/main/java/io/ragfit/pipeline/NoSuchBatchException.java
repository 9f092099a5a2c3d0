package io.ragfit.pipeline;

import java.util.UUID;

public class NoSuchBatchException extends RuntimeException {

    public NoSuchBatchException(UUID id) {
        super("no batch " + id);
    }
}
