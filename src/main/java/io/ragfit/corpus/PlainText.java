package io.ragfit.corpus;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * Text as ragfit accepts it anywhere it comes from (HTTP bodies, Kafka records, dataset files, experiment files):
 * no control characters but tab, line feed and carriage return. PostgreSQL cannot store NUL in text, and the
 * others have no business in questions, answers or names.
 */
public final class PlainText {

    /** What is said of a string with a control character. */
    public static final String CONTROL_CHARACTER = "contains a control character";

    /** Strings with a control character fail to deserialize, naming where they were. */
    public static final SimpleModule MODULE = new SimpleModule("ragfit-plain-text")
            .addDeserializer(String.class, new Checked());

    private PlainText() {
    }

    /** True when the text has no control character but tab, line feed and carriage return. */
    public static boolean isPlain(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0x7f && c <= 0x9f) {
                return false;
            }
        }
        return true;
    }

    /** True when a name or id has no control character at all. */
    public static boolean isPlainName(CharSequence name) {
        return isPlain(name) && name.chars().noneMatch(c -> c == '\t' || c == '\n' || c == '\r');
    }

    private static final class Checked extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = super.deserialize(parser, context);
            if (text != null && !isPlain(text)) {
                throw new InvalidFormatException(parser, CONTROL_CHARACTER, "(text)", String.class);
            }
            return text;
        }
    }
}
