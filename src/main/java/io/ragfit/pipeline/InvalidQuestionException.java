package io.ragfit.pipeline;

/** A question that can never be processed as it is: it goes to the dead-letter topic with this reason. */
public class InvalidQuestionException extends RuntimeException {

    public InvalidQuestionException(String reason) {
        super(reason);
    }
}
