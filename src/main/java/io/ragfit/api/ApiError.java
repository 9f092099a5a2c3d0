package io.ragfit.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every error ragfit returns; {@code supported} lists the accepted values when one was unknown. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, List<String> supported) {

    public static ApiError of(String error) {
        return new ApiError(error, null);
    }
}
