package dev.convene.chat.service;

/**
 * Rules for message text: 1 to max code points (emoji count as what they are: code points),
 * no control characters except line feed and tab (a carriage return is refused too: clients
 * send \n), and well-formed UTF-16 (a lone surrogate cannot be stored as UTF-8).
 */
public final class MessageText {

    private MessageText() {
    }

    /** null when valid, else why not. */
    public static String problem(String text, int maxCodePoints) {
        if (text == null || text.isBlank()) {
            return "must not be empty";
        }
        int codePoints = 0;
        for (int i = 0; i < text.length(); ) {
            char ch = text.charAt(i);
            if (Character.isHighSurrogate(ch)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return "contains an invalid character";
                }
            } else if (Character.isLowSurrogate(ch)) {
                return "contains an invalid character";
            }
            int cp = text.codePointAt(i);
            if (Character.getType(cp) == Character.CONTROL && cp != '\n' && cp != '\t') {
                return "must not contain control characters";
            }
            i += Character.charCount(cp);
            if (++codePoints > maxCodePoints) {
                return "must be at most " + maxCodePoints + " characters";
            }
        }
        return null;
    }
}
